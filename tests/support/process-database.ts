import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/server/config.ts';
import { openDatabase, type Db } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { createTestDatabase } from './test-database.ts';

export interface ProcessDatabase {
  /** The variables that point the child's server at it. */
  environment: Record<string, string>;
  use<T>(task: (db: Db) => Promise<T>): Promise<T>;
  drop(): Promise<unknown>;
}

/**
 * A database for a server run as a child process (`startServerProcess`): PGlite in a folder (which
 * the child owns while it runs: `use` opens it only in between) or a schema of its own on PostgreSQL.
 */
export async function processDatabase(kind: 'pglite' | 'postgres'): Promise<ProcessDatabase> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-process-'));
    const config: Config['database'] = { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') };
    return {
      environment: { DATA_DIR: dataDir },
      /** Opens the folder while no server holds it. */
      async use<T>(task: (db: Db) => Promise<T>): Promise<T> {
        const db = await openDatabase(config);
        try {
          await migrateToLatest(db);
          return await task(db);
        } finally {
          await db.destroy();
        }
      },
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const database = await createTestDatabase('postgres');
  if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
  return {
    environment: {
      DATABASE_URL: database.config.url,
      DATABASE_SCHEMA: database.config.schema ?? '',
      ...(database.config.migrationUrl ? { DATABASE_MIGRATION_URL: database.config.migrationUrl } : {}),
    },
    // As the owner role: a test may add a trigger, which the app's role may not.
    use: <T>(task: (db: Db) => Promise<T>) => database.asOwner(task),
    drop: () => database.drop(),
  };
}
