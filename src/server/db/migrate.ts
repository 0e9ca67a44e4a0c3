import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Config } from '../config.ts';
import { appRolePowers, currentRole, currentSchema, grantAppRole } from './app-role.ts';
import { openDatabase, type Db } from './database.ts';
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
import * as mandateAgentRequests from './migrations/2026-12-03T0200-mandate-agent-requests.ts';
import * as oneTimeCodes from './migrations/2026-12-03T0300-one-time-codes.ts';
import * as randomDossierReferences from './migrations/2026-12-03T0500-random-dossier-references.ts';
import * as reliability from './migrations/2026-12-03T0700-reliability.ts';
import * as sharedState from './migrations/2026-12-03T0800-shared-state.ts';
import * as visitMoves from './migrations/2026-12-03T1500-visit-moves.ts';
import * as notificationReading from './migrations/2026-12-03T1510-notification-reading.ts';
import * as scaleIndexes from './migrations/2026-12-03T1600-scale-indexes.ts';

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
  '2026-12-03T0200-mandate-agent-requests': mandateAgentRequests,
  '2026-12-03T0300-one-time-codes': oneTimeCodes,
  '2026-12-03T0500-random-dossier-references': randomDossierReferences,
  '2026-12-03T0700-reliability': reliability,
  '2026-12-03T0800-shared-state': sharedState,
  '2026-12-03T1500-visit-moves': visitMoves,
  '2026-12-03T1510-notification-reading': notificationReading,
  '2026-12-03T1600-scale-indexes': scaleIndexes,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; fails with the name of the migration that broke. */
export async function migrateToLatest(db: Db): Promise<void> {
  // Kysely looks for its own tables in any schema unless told which: a `kysely_migration` left in
  // `public` would hide the one of a schema of our own (DATABASE_SCHEMA, every test run).
  const schema = await currentSchema(db);
  // Features land from parallel branches: a migration merged later may sort before one a database
  // already ran. Each migration only adds its own tables, so running it late is safe.
  const migrator = new Migrator({ db, provider, migrationTableSchema: schema, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
  }
}

/** Why the server cannot start with this database, in one sentence for the operator. */
export class DatabaseStartError extends Error {}

/**
 * The database the app runs on, brought up to date first. On PostgreSQL the migrations run as the
 * role of DATABASE_MIGRATION_URL, in a pool closed as soon as they are done, and that role grants
 * the app's role (DATABASE_URL) only the rows it works with. Without DATABASE_MIGRATION_URL, and
 * on PGlite, which has one role, the app's role migrates and owns the tables.
 */
export async function openMigratedDatabase(database: Config['database']): Promise<Db> {
  const db = await openDatabase(database);
  try {
    if (database.kind === 'pglite') {
      await migrateToLatest(db);
      return db;
    }
    const appRole = await connectedRole(db, 'DATABASE_URL');
    if (!database.migrationUrl) {
      await migrateAsOwner(db, database.schema).catch((error: unknown) => {
        if (!privilegeRefused(error)) throw error;
        throw new DatabaseStartError(
          `Guichet cannot start: the role of DATABASE_URL may not create the tables, so set DATABASE_MIGRATION_URL to the role that owns them.`,
          { cause: error },
        );
      });
      return db;
    }
    const owner = await openDatabase({ ...database, url: database.migrationUrl });
    try {
      const ownerRole = await connectedRole(owner, 'DATABASE_MIGRATION_URL');
      const twoRoles = ownerRole !== appRole;
      // Checked first: the owner role can neither change nor grant what the app's role owns.
      const powers = twoRoles ? await appRolePowers(owner, appRole) : [];
      if (powers.length > 0) {
        throw new DatabaseStartError(
          `Guichet cannot start: the app's database role "${appRole}" (DATABASE_URL) ${powers.join(', ')}, so it could rewrite the audit log; give them to "${ownerRole}" as the README's Security section shows.`,
        );
      }
      await migrateAsOwner(owner, database.schema);
      if (twoRoles) await grantAppRole(owner, appRole);
    } finally {
      await owner.destroy();
    }
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

async function connectedRole(db: Db, variable: 'DATABASE_URL' | 'DATABASE_MIGRATION_URL'): Promise<string> {
  try {
    return await currentRole(db);
  } catch (error) {
    // The driver's reason (refused connection, wrong password, unknown database) never holds the URL.
    // Node reports a refused connection to a name with two addresses as an AggregateError with no message.
    const reason = (error instanceof Error && (error.message || (error as NodeJS.ErrnoException).code)) || String(error);
    throw new DatabaseStartError(`Guichet cannot start: PostgreSQL cannot be reached with ${variable} (${reason}).`, { cause: error });
  }
}

/** PostgreSQL's insufficient_privilege, however deep the migrator wrapped it. */
function privilegeRefused(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === '42501') return true;
  }
  return false;
}

/** The schema belongs to the role that migrates: whoever owns it may drop it, audit log and all. */
async function migrateAsOwner(db: Db, schema: string | undefined): Promise<void> {
  if (schema) {
    // Looked up first: CREATE SCHEMA IF NOT EXISTS wants the right to create one even when it exists,
    // and an operator may have made the schema for a role that has no other.
    const existing = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (existing.rows.length === 0) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  }
  await migrateToLatest(db);
}

/** Migrations this code knows and the database has not run: readiness is false until there are none. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const done = new Set(rows.map((row) => row.name));
  return Object.keys(migrations).filter((name) => !done.has(name));
}
