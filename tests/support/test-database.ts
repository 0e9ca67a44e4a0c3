import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../../src/server/config.ts';
import { openDatabase, type Db } from '../../src/server/db/database.ts';
import { openMigratedDatabase } from '../../src/server/db/migrate.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when DATABASE_URL is set (CI sets it, so both run there). */
export const databaseKinds: DatabaseKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  db: Db;
  config: Config['database'];
  /** Runs `work` as the role that owns the tables (what the app's role may not do, such as editing the migrations' own table). */
  asOwner<T>(work: (owner: Db) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database: an in-memory PGlite, or a schema of its own on the PostgreSQL
 * server, so test files running in parallel never see each other's rows. On PostgreSQL the owner
 * role (DATABASE_MIGRATION_URL, as CI sets it) migrates and the tests run as the app's role
 * (DATABASE_URL), as in production; with DATABASE_URL alone that one role does both.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const config: Config['database'] = { kind: 'pglite', dataDir: undefined };
    const db = await openMigratedDatabase(config);
    return { db, config, asOwner: (work) => work(db), drop: () => db.destroy() };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const config: Extract<Config['database'], { kind: 'postgres' }> = {
    kind: 'postgres',
    url,
    migrationUrl: process.env.DATABASE_MIGRATION_URL,
    schema,
  };
  const db = await openMigratedDatabase(config);
  const asOwner = async <T>(work: (owner: Db) => Promise<T>): Promise<T> => {
    const owner = await openDatabase({ ...config, url: config.migrationUrl ?? config.url });
    try {
      return await work(owner);
    } finally {
      await owner.destroy();
    }
  };
  return {
    db,
    config,
    asOwner,
    async drop() {
      await db.destroy();
      // The schema is the owner role's: the app's role may not drop it.
      await asOwner((owner) => sql`drop schema ${sql.id(schema)} cascade`.execute(owner));
    },
  };
}

/** The dossiers of the person a development persona signs in as (`marie-dupont`), as stored. */
export async function dossiersOfPersona(db: Db, subject: string) {
  const identity = await db.selectFrom('person_identity').select('person_id').where('subject', '=', subject).executeTakeFirst();
  return db
    .selectFrom('dossier')
    .selectAll()
    .where('person_id', '=', identity?.person_id ?? '')
    .execute();
}
