import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notification')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('channel', 'text', (column) => column.notNull())
    .addColumn('recipient', 'text', (column) => column.notNull())
    .addColumn('template', 'text', (column) => column.notNull())
    .addColumn('language', 'text', (column) => column.notNull())
    .addColumn('params', 'jsonb', (column) => column.notNull())
    .addColumn('person_id', 'text')
    .addColumn('status', 'text', (column) => column.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('segments', 'integer')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('notification_channel', sql`channel in ('sms', 'email')`)
    .addCheckConstraint('notification_status', sql`status in ('queued', 'sending', 'sent', 'delivered', 'failed')`)
    .execute();
  // Workers look only at what is still to do; the partial index stays small however long the history.
  await db.schema
    .createIndex('notification_due')
    .on('notification')
    .columns(['next_attempt_at'])
    .where(sql.ref('status'), 'in', sql`('queued', 'sending')`)
    .execute();
  await db.schema.createIndex('notification_provider_message').on('notification').columns(['channel', 'provider_message_id']).execute();
  await db.schema.createIndex('notification_person').on('notification').columns(['person_id', 'created_at']).execute();

  await db.schema
    .createTable('notification_event')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('notification_id', 'uuid', (column) => column.notNull().references('notification.id').onDelete('cascade'))
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('detail', 'text')
    .addColumn('at', 'timestamptz', (column) => column.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema.createIndex('notification_event_notification').on('notification_event').columns(['notification_id', 'at']).execute();

  await db.schema
    .createTable('dev_inbox_message')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('channel', 'text', (column) => column.notNull())
    .addColumn('recipient', 'text', (column) => column.notNull())
    .addColumn('subject', 'text')
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dev_inbox_message').execute();
  await db.schema.dropTable('notification_event').execute();
  await db.schema.dropTable('notification').execute();
}
