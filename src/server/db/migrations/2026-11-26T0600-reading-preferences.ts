import type { Kysely } from 'kysely';

/** The reading mode and read-aloud choice join the language on the person, to follow them to any device. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('person').addColumn('reading', 'text').addColumn('read_aloud', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('person').dropColumn('reading').dropColumn('read_aloud').execute();
}
