import type { Kysely } from 'kysely';

/** The counter visits' link secret signs every link sent by SMS now: one secret, named for what it does. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('visit_link_secret').renameTo('link_secret').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('link_secret').renameTo('visit_link_secret').execute();
}
