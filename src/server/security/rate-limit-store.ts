import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * A rate-limit store in the database, so every server instance counts against the same limit.
 * One upsert per hit: it starts a new window when the old one has passed.
 */
export function databaseRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  return class DatabaseRateLimitStore implements FastifyRateLimitStore {
    prefix = '';

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      hit(db, `${this.prefix}${key}`, timeWindow).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }

    // Each limited route counts apart, unless routes share a `groupId` (one limit for an API
    // route and its no-JavaScript twin). At run time @fastify/rate-limit passes the route as
    // `routeInfo` (its own Redis store reads it there), not as its type declaration says.
    child(options: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const { routeInfo: route, groupId } = options as unknown as {
        routeInfo?: { method?: string | string[]; url?: string };
        groupId?: string;
      };
      const store = new DatabaseRateLimitStore();
      store.prefix = groupId ? `group ${groupId}:` : `${String(route?.method)} ${String(route?.url)}:`;
      return store;
    }
  };
}

/**
 * Counts one hit against `key` in the current window; for limits no route option can express (per
 * phone number). The database's clock, unless the caller passes its own (`at`: tests move it).
 */
export async function hit(db: Db, key: string, windowMs: number, at?: Date): Promise<{ current: number; ttl: number }> {
  const { rows } = await countHits(sql`select ${key}::text as key`, windowMs, at).execute(db);
  const row = rows[0];
  if (!row) throw new Error('The rate-limit upsert returned nothing');
  return { current: row.hits, ttl: Math.max(0, Math.round(Number(row.ttl))) };
}

/**
 * The upsert behind `hit`, for each key the query `keys` yields (a column named `key`), as a
 * statement a larger one can embed (`with counted as (…)`), so a write counts its limits in its
 * own round trip. It starts a new window when the old one has passed.
 */
export function countHits(keys: RawBuilder<unknown>, windowMs: number, at?: Date): RawBuilder<{ key: string; hits: number; ttl: number }> {
  const window = sql`make_interval(secs => ${windowMs / 1000})`;
  const now = at ? sql`${at}::timestamptz` : sql`now()`;
  return sql`insert into rate_limit (key, hits, resets_at)
    select hit_keys.key, 1, ${now} + ${window} from (${keys}) as hit_keys
    on conflict (key) do update set
      hits = case when rate_limit.resets_at <= ${now} then 1 else rate_limit.hits + 1 end,
      resets_at = case when rate_limit.resets_at <= ${now} then ${now} + ${window} else rate_limit.resets_at end
    returning key, hits, extract(epoch from (resets_at - ${now})) * 1000 as ttl`;
}
