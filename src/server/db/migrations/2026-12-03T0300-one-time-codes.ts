import { sql, type Kysely } from 'kysely';

/**
 * One table for every SMS code (phone verification, counter-visit booking, mandate consent)
 * instead of a copy of the code, its expiry and its tries in each feature's own table. Codes live
 * minutes: the few pending when this runs are dropped, and those citizens ask for a new one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('one_time_code')
    .addColumn('id', 'uuid', (column) => column.primaryKey())
    .addColumn('purpose', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('phone', 'text', (column) => column.notNull())
    .addColumn('code_hash', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('sent_at', 'timestamptz', (column) => column.notNull())
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('one_time_code_subject').on('one_time_code').columns(['purpose', 'subject', 'sent_at']).execute();

  await db.schema.dropTable('phone_verification').execute();
  await db.schema.alterTable('visit_phone_verification').dropColumn('code_hash').execute();
  await db.schema.alterTable('visit_phone_verification').dropColumn('attempts').execute();
  await db.schema.alterTable('visit_phone_verification').dropColumn('expires_at').execute();
  await db.schema.alterTable('visit_phone_verification').dropColumn('used_at').execute();
  await db.schema.alterTable('mandate').dropColumn('code_hash').execute();
  await db.schema.alterTable('mandate').dropColumn('attempts').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('mandate')
    .addColumn('code_hash', 'text')
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('visit_phone_verification')
    .addColumn('code_hash', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('phone_verification')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id').onDelete('cascade'))
    .addColumn('phone', 'text', (column) => column.notNull())
    .addColumn('code_hash', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('sent_at', 'timestamptz', (column) => column.notNull())
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .addColumn('verified_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('phone_verification_person').on('phone_verification').column('person_id').execute();
  await db.schema.dropTable('one_time_code').execute();
}
