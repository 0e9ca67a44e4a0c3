import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import * as initial from './migrations/2026-11-25T1500-initial.ts';
import * as notifications from './migrations/2026-11-26T0300-notifications.ts';
import * as signIn from './migrations/2026-11-26T0300-sign-in.ts';
import * as counterVisits from './migrations/2026-11-26T0400-counter-visits.ts';

/** Listed by hand, oldest first: the order is the history, and no file system scan can reorder it. */
const migrations: Record<string, Migration> = {
  '2026-11-25T1500-initial': initial,
  '2026-11-26T0300-notifications': notifications,
  '2026-11-26T0300-sign-in': signIn,
  '2026-11-26T0400-counter-visits': counterVisits,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; fails with the name of the migration that broke. */
export async function migrateToLatest(db: Db): Promise<void> {
  // Kysely looks for its own tables in any schema unless told which: a `kysely_migration` left in
  // `public` would hide the one of a schema of our own (DATABASE_SCHEMA, every test run).
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrator = new Migrator({ db, provider, migrationTableSchema: rows[0]?.schema ?? 'public' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
  }
}
