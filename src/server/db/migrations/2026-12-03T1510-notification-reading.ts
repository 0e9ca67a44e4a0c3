import type { Kysely } from 'kysely';

/** Messages follow the citizen's way of reading: easy-to-read text (FALC) when they chose it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notification').addColumn('reading', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notification').dropColumn('reading').execute();
}
