import { mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { pendingMigrations } from '../db/migrate.ts';

type Check = 'ok' | 'unavailable' | 'pending_migrations' | 'not_writable';

/**
 * Liveness and readiness, for orchestrators and load balancers:
 * - `/healthz`: the process is alive and its event loop answers. It never touches the database, so
 *   a database restart never gets healthy instances killed and restarted.
 * - `/readyz`: this instance can serve: the database answers, its migrations are current, and the
 *   directories it writes to (`writableDirs`: uploads, local document storage) accept a file.
 *   503 with the failing checks otherwise, so the balancer sends traffic elsewhere meanwhile.
 */
export async function healthRoutes(app: FastifyInstance, options: { db: Db; writableDirs: string[] }) {
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    const checks: Record<'database' | 'migrations' | 'storage', Check> = { database: 'ok', migrations: 'ok', storage: 'ok' };
    try {
      await sql`select 1`.execute(options.db);
      if ((await pendingMigrations(options.db)).length > 0) checks.migrations = 'pending_migrations';
    } catch (error) {
      app.log.warn({ err: error }, 'readiness: database did not answer');
      checks.database = 'unavailable';
      checks.migrations = 'unavailable';
    }
    try {
      await Promise.all(options.writableDirs.map(probeWritable));
    } catch (error) {
      app.log.warn({ err: error }, 'readiness: storage is not writable');
      checks.storage = 'not_writable';
    }
    const ready = Object.values(checks).every((check) => check === 'ok');
    return reply
      .status(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ready ? 'ready' : 'unavailable', checks });
  });
}

/** Writes and removes a small file: a read-only or full disk fails here rather than on a citizen's upload. */
async function probeWritable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const probe = path.join(dir, `.readyz-${process.pid}`);
  await writeFile(probe, 'ok');
  await unlink(probe);
}
