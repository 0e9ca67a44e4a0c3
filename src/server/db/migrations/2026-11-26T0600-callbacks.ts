import { sql, type Kysely } from 'kysely';

/**
 * Call me back, complete: what the citizen said more (topic in their words, call language, a
 * dossier), the agents' work on it (claim, attempts, next attempt), the cancel link, every status
 * change as an event, and the satisfaction survey that follows a call or a visit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('callback_request')
    .addColumn('topic_detail', 'text')
    .addColumn('call_language', 'text')
    .addColumn('dossier_reference', 'text')
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('claimed_by', 'uuid', (column) => column.references('agent.id').onDelete('set null'))
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('cancel_token_hash', 'text')
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('callback_request_cancel_token').on('callback_request').column('cancel_token_hash').unique().execute();

  await db.schema
    .createTable('callback_event')
    .addColumn('id', 'bigserial', (column) => column.primaryKey())
    .addColumn('callback_request_id', 'uuid', (column) => column.notNull().references('callback_request.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('actor_kind', 'text', (column) => column.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('callback_event_request').on('callback_event').columns(['callback_request_id', 'id']).execute();

  await db.schema
    .createTable('satisfaction_survey')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('channel', 'text', (column) => column.notNull())
    .addColumn('service', 'text', (column) => column.notNull())
    .addColumn('language', 'text', (column) => column.notNull())
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('answered_at', 'timestamptz')
    .addColumn('rating', 'integer')
    .addCheckConstraint('satisfaction_survey_rating', sql`rating is null or rating between 1 and 5`)
    .execute();
  await db.schema.createIndex('satisfaction_survey_service').on('satisfaction_survey').columns(['service', 'channel']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('satisfaction_survey').execute();
  await db.schema.dropTable('callback_event').execute();
  await db.schema.dropIndex('callback_request_cancel_token').execute();
  for (const column of [
    'topic_detail',
    'call_language',
    'dossier_reference',
    'attempts',
    'next_attempt_at',
    'claimed_by',
    'claimed_at',
    'cancel_token_hash',
    'updated_at',
  ]) {
    await db.schema.alterTable('callback_request').dropColumn(column).execute();
  }
}
