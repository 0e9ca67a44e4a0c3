import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import * as initial from './migrations/2026-11-25T1500-initial.ts';
import * as counterVisits from './migrations/2026-11-26T0400-counter-visits.ts';

/** Listed by hand, oldest first: the order is the history, and no file system scan can reorder it. */
const migrations: Record<string, Migration> = {
  '2026-11-25T1500-initial': initial,
  '2026-11-26T0400-counter-visits': counterVisits,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the schema up to date; fails with the name of the migration that broke. With a schema
 * named, the migration log lives in it: otherwise Kysely takes another schema's log for ours.
 */
export async function migrateToLatest(db: Db, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
  }
}
