import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import { HttpError } from './http-error.ts';
import { signedInPersonId } from '../auth/principal.ts';

/**
 * Runs a write at most once per idempotency key, following the IETF httpapi draft:
 * same key and body → the stored response; same key, other body → 422.
 *
 * The key is claimed inside the work's own transaction, so a crash (kill -9, the database
 * restarting) between claim and commit leaves nothing behind and the client's retry does the work.
 * A second request with the same key meanwhile waits on the key's unique index until the first
 * commits (then it reads the stored response) or rolls back (then its own claim goes through).
 */
export async function runOnce<Body>(
  db: Db,
  claim: { scope: string; key: string; request: unknown },
  work: (trx: Db) => Promise<{ status: number; body: Body }>,
): Promise<IdempotentOutcome<Body>> {
  const requestHash = hashRequest(claim.request);
  return db.transaction().execute(async (trx): Promise<IdempotentOutcome<Body>> => {
    const claimed = await trx
      .insertInto('idempotency_key')
      .values({
        scope: claim.scope,
        key: claim.key,
        request_hash: requestHash,
        state: 'in_progress',
        response_status: null,
        response_body: null,
      })
      .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();

    if (!claimed) {
      const existing = await trx
        .selectFrom('idempotency_key')
        .select(['request_hash', 'response_status', 'response_body'])
        .where('scope', '=', claim.scope)
        .where('key', '=', claim.key)
        .executeTakeFirstOrThrow();
      if (existing.request_hash !== requestHash) return { kind: 'mismatch' };
      // Counted in the table, not in this process: the replays of every instance add up (metrics).
      await trx
        .updateTable('idempotency_key')
        .set({ replays: sql`replays + 1` })
        .where('scope', '=', claim.scope)
        .where('key', '=', claim.key)
        .execute();
      // Claimed and answered in one transaction: a key others can see always has its response.
      return { kind: 'replayed', status: existing.response_status ?? 500, body: existing.response_body as Body };
    }

    const response = await work(trx);
    await trx
      .updateTable('idempotency_key')
      .set({ state: 'completed', response_status: response.status, response_body: JSON.stringify(response.body) })
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      .execute();
    return { kind: 'first', ...response };
  });
}

/** A key as a single-statement write stores it with its response (see `runOnceInOneStatement`). */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
}

/**
 * `runOnce` for a write that is one statement, hence one round trip and its own transaction. The
 * statement does its work only while `keyIsNew(record)` yields a row, and ends by storing the key
 * with the response it chose (`storeResponse`), returning `{ status, body }`. A key already
 * answered makes it do nothing (no row); a key claimed by a request still in flight makes its last
 * insert wait on the key's unique index, then fail, which undoes the whole statement. Either way the
 * stored response is replayed. Nothing the statement did can be left half-done by a crash.
 */
export async function runOnceInOneStatement<Body>(
  db: Db,
  claim: { scope: string; key: string; request: unknown },
  statement: (record: IdempotencyRecord) => Promise<{ status: number; body: Body } | undefined>,
): Promise<IdempotentOutcome<Body>> {
  const record = { scope: claim.scope, key: claim.key, requestHash: hashRequest(claim.request) };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const response = await statement(record);
      if (response) return { kind: 'first', ...response };
    } catch (error) {
      if (!isUniqueViolation(error, 'idempotency_key_pk')) throw error;
    }
    const stored = await replayStored<Body>(db, record);
    if (stored) return stored;
    // The key's first request rolled back meanwhile: this one may do the work.
  }
  throw new Error('The idempotency key neither took nor replayed');
}

/** A row while the key has no stored response yet: the statement's work is joined to it. */
export function keyIsNew(record: IdempotencyRecord): RawBuilder<unknown> {
  return sql`select where not exists (select 1 from idempotency_key where scope = ${record.scope} and key = ${record.key})`;
}

/** The statement's last step: the key, answered, from `source` (one row with `status` and `body`, JSON text). */
export function storeResponse(record: IdempotencyRecord, source: RawBuilder<unknown>): RawBuilder<{ status: number; body: unknown }> {
  return sql`insert into idempotency_key (scope, key, request_hash, state, response_status, response_body)
    select ${record.scope}, ${record.key}, ${record.requestHash}, 'completed', answer.status, answer.body::jsonb from (${source}) as answer
    returning response_status as status, response_body as body`;
}

/** The stored response, counted as replayed; undefined when the key is not (or no longer) there. */
async function replayStored<Body>(db: Db, record: IdempotencyRecord): Promise<IdempotentOutcome<Body> | undefined> {
  const row = await db
    .updateTable('idempotency_key')
    .set({ replays: sql`replays + case when request_hash = ${record.requestHash} then 1 else 0 end` })
    .where('scope', '=', record.scope)
    .where('key', '=', record.key)
    .returning(['request_hash', 'response_status', 'response_body'])
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.request_hash !== record.requestHash) return { kind: 'mismatch' };
  return { kind: 'replayed', status: row.response_status ?? 500, body: row.response_body as Body };
}

/** A unique index refused the row (PostgreSQL and PGlite report the constraint the same way). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const details = error as { code?: unknown; constraint?: unknown } | null;
  return details?.code === '23505' && details.constraint === constraint;
}

/** Responses answered from the table (an outbox or a client retrying a write), on every instance. */
export async function countReplayedResponses(db: Db): Promise<number> {
  const row = await db
    .selectFrom('idempotency_key')
    .select(sql<string | null>`sum(replays)`.as('replays'))
    .executeTakeFirstOrThrow();
  return Number(row.replays ?? 0);
}

export type IdempotentOutcome<Body> = { kind: 'first' | 'replayed'; status: number; body: Body } | { kind: 'mismatch' };

/** Answers an API request from the outcome: the stored response, or the draft's 409 / 422. */
export function sendIdempotent<Body>(reply: FastifyReply, outcome: IdempotentOutcome<Body>): FastifyReply {
  switch (outcome.kind) {
    case 'first':
      return reply.status(outcome.status).send(outcome.body);
    case 'replayed':
      return reply.status(outcome.status).header('idempotent-replayed', 'true').send(outcome.body);
    case 'mismatch':
      throw new HttpError('idempotency_key_reused');
  }
}

/**
 * Keys are scoped to whoever sent them: the signed-in person (whichever device replays their
 * outbox), or before sign-in the device, known by its CSRF cookie (hashed: the token itself never
 * reaches the database).
 */
export function idempotencyScope(request: FastifyRequest): string {
  const personId = signedInPersonId(request);
  if (personId) return `person:${personId}`;
  return `device:${createHash('sha256').update(request.csrfToken).digest('base64url').slice(0, 32)}`;
}

function hashRequest(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('hex');
}

/** JSON with sorted keys, so `{a, b}` and `{b, a}` count as the same body. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
