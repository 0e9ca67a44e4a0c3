import { sql, type Kysely } from 'kysely';

/** Feedback sent from the accessibility statement. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accessibility_feedback')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('message', 'text', (column) => column.notNull())
    .addColumn('page', 'text')
    .addColumn('contact', 'text')
    .addColumn('language', 'text', (column) => column.notNull())
    .addColumn('person_id', 'uuid', (column) => column.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('accessibility_feedback').execute();
}
