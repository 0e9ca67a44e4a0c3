import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import { HttpError } from './http-error.ts';
import { signedInPersonId } from '../auth/principal.ts';

/**
 * Runs a write at most once per idempotency key, following the IETF httpapi draft:
 * same key and body → the stored response; same key, other body → 422; same key still running → 409.
 *
 * The key row is claimed in its own committed statement before the work starts, so a second
 * request with the same key (another instance, a replaying outbox) sees it at once and never
 * repeats the work; the work and the stored response then commit together.
 */
export async function runOnce<Body>(
  db: Db,
  claim: { scope: string; key: string; request: unknown },
  work: (trx: Db) => Promise<{ status: number; body: Body }>,
): Promise<IdempotentOutcome<Body>> {
  const requestHash = hashRequest(claim.request);
  const claimed = await db
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
    const existing = await db
      .selectFrom('idempotency_key')
      .select(['request_hash', 'state', 'response_status', 'response_body'])
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      .executeTakeFirstOrThrow();
    if (existing.request_hash !== requestHash) return { kind: 'mismatch' };
    if (existing.state === 'in_progress' || existing.response_status === null) return { kind: 'in_progress' };
    return { kind: 'replayed', status: existing.response_status, body: existing.response_body as Body };
  }

  try {
    return await db.transaction().execute(async (trx) => {
      const response = await work(trx);
      await trx
        .updateTable('idempotency_key')
        .set({ state: 'completed', response_status: response.status, response_body: JSON.stringify(response.body) })
        .where('scope', '=', claim.scope)
        .where('key', '=', claim.key)
        .execute();
      return { kind: 'first', ...response };
    });
  } catch (error) {
    // The work failed and left nothing behind: free the key so the client's retry can succeed.
    await db.deleteFrom('idempotency_key').where('scope', '=', claim.scope).where('key', '=', claim.key).execute();
    throw error;
  }
}

export type IdempotentOutcome<Body> =
  { kind: 'first' | 'replayed'; status: number; body: Body } | { kind: 'mismatch' } | { kind: 'in_progress' };

/** Answers an API request from the outcome: the stored response, or the draft's 409 / 422. */
export function sendIdempotent<Body>(reply: FastifyReply, outcome: IdempotentOutcome<Body>): FastifyReply {
  switch (outcome.kind) {
    case 'first':
      return reply.status(outcome.status).send(outcome.body);
    case 'replayed':
      return reply.status(outcome.status).header('idempotent-replayed', 'true').send(outcome.body);
    case 'mismatch':
      throw new HttpError(422, 'idempotency_key_reused');
    case 'in_progress':
      throw new HttpError(409, 'request_in_progress');
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
