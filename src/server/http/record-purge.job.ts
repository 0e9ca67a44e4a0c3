import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * How long a write's idempotency key (and its stored response) is kept: well past the seven days
 * a device's outbox replays a write for (`outboxMaxAgeMs` in src/app/offline/outbox.ts), so a
 * late replay is still answered from the table and never done twice.
 */
export const idempotencyKeyDays = 30;

/**
 * Deletes what every write leaves behind and nothing reads any more: idempotency keys past
 * `idempotencyKeyDays`, and rate-limit windows that have ended (a hit on an ended window starts a
 * new one, exactly as on no row). Safe on many instances at once: two deletes of the same rows
 * delete them once.
 */
export async function purgeSpentRecords(db: Db, now: Date): Promise<{ idempotencyKeys: number; rateLimits: number }> {
  const keys = await db
    .deleteFrom('idempotency_key')
    .where('created_at', '<', sql<Date>`${now}::timestamptz - make_interval(days => ${idempotencyKeyDays})`)
    .executeTakeFirst();
  const windows = await db.deleteFrom('rate_limit').where('resets_at', '<=', now).executeTakeFirst();
  return { idempotencyKeys: Number(keys.numDeletedRows), rateLimits: Number(windows.numDeletedRows) };
}

/** Runs `purgeSpentRecords` every hour while the server is up. */
export function schedulePurge(app: FastifyInstance, db: Db, clock: () => Date): void {
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      purgeSpentRecords(db, clock()).catch((error: unknown) => app.log.error({ err: error }, 'purge failed'));
    }, 60 * 60_000);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
