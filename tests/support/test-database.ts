import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../../src/server/config.ts';
import { openDatabase, type Db } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when DATABASE_URL is set (CI sets it, so both run there). */
export const databaseKinds: DatabaseKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  db: Db;
  config: Config['database'];
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database: an in-memory PGlite, or a schema of its own on the PostgreSQL
 * server, so test files running in parallel never see each other's rows.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const config: Config['database'] = { kind: 'pglite', dataDir: undefined };
    const db = await openDatabase(config);
    await migrateToLatest(db);
    return { db, config, drop: () => db.destroy() };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const config: Config['database'] = { kind: 'postgres', url, schema };
  const db = await openDatabase(config);
  await migrateToLatest(db);
  return {
    db,
    config,
    async drop() {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
      await db.destroy();
    },
  };
}
