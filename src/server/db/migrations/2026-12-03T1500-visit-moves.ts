import type { Kysely } from 'kysely';

/**
 * A moved visit points to the one that replaced it, so the link in the first SMS still leads to the
 * visit the citizen has now, however many times it moved (the old row stays: its own cancellation).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('appointment')
    .addColumn('moved_to_id', 'uuid', (column) => column.references('appointment.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('appointment').dropColumn('moved_to_id').execute();
}
