import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import * as initial from './migrations/2026-11-25T1500-initial.ts';
import * as signIn from './migrations/2026-11-26T0300-sign-in.ts';
import * as notifications from './migrations/2026-11-26T0400-notifications.ts';
import * as auditLog from './migrations/2026-11-26T0430-audit-log.ts';
import * as procedures from './migrations/2026-11-26T0440-procedures.ts';
import * as callbacks from './migrations/2026-11-26T0600-callbacks.ts';
import * as counterVisits from './migrations/2026-11-26T0600-counter-visits.ts';
import * as readingPreferences from './migrations/2026-11-26T0600-reading-preferences.ts';
import * as accessibilityFeedback from './migrations/2026-11-26T0610-accessibility-feedback.ts';
import * as mandates from './migrations/2026-11-26T0700-mandates.ts';
import * as documents from './migrations/2026-11-26T0710-documents.ts';
import * as linkSecret from './migrations/2026-11-26T1000-link-secret.ts';
import * as agentService from './migrations/2026-12-03T0100-agent-service.ts';

/** Listed by hand, oldest first: the order is the history, and no file system scan can reorder it. */
const migrations: Record<string, Migration> = {
  '2026-11-25T1500-initial': initial,
  '2026-11-26T0300-sign-in': signIn,
  '2026-11-26T0400-notifications': notifications,
  '2026-11-26T0430-audit-log': auditLog,
  '2026-11-26T0440-procedures': procedures,
  '2026-11-26T0600-callbacks': callbacks,
  '2026-11-26T0600-counter-visits': counterVisits,
  '2026-11-26T0600-reading-preferences': readingPreferences,
  '2026-11-26T0610-accessibility-feedback': accessibilityFeedback,
  '2026-11-26T0700-mandates': mandates,
  '2026-11-26T0710-documents': documents,
  '2026-11-26T1000-link-secret': linkSecret,
  '2026-12-03T0100-agent-service': agentService,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; fails with the name of the migration that broke. */
export async function migrateToLatest(db: Db): Promise<void> {
  // Kysely looks for its own tables in any schema unless told which: a `kysely_migration` left in
  // `public` would hide the one of a schema of our own (DATABASE_SCHEMA, every test run).
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  // Features land from parallel branches: a migration merged later may sort before one a database
  // already ran. Each migration only adds its own tables, so running it late is safe.
  const migrator = new Migrator({ db, provider, migrationTableSchema: rows[0]?.schema ?? 'public', allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
  }
}
