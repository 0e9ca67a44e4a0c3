import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { idempotencyFormField, isIdempotencyKey } from '../../shared/http.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from './http-error.ts';
import { idempotencyScope, runOnce } from './idempotency.ts';

/**
 * A no-JavaScript form post made idempotent by the key its page carried: a double tap or a resend
 * after a lost answer gets the first outcome. The same key with another body (Back, then a change)
 * is a new request of its own, under a fresh key.
 */
export async function formOnce<Body>(
  db: Db,
  request: FastifyRequest,
  form: Record<string, string>,
  claim: unknown,
  work: (trx: Db) => Promise<Body>,
): Promise<Body> {
  const once = (key: string) =>
    runOnce(db, { scope: idempotencyScope(request), key, request: claim }, async (trx) => ({ status: 201, body: await work(trx) }));
  const formKey = form[idempotencyFormField];
  let outcome = await once(isIdempotencyKey(formKey) ? formKey : randomUUID());
  if (outcome.kind === 'mismatch') outcome = await once(randomUUID());
  if (outcome.kind === 'mismatch') throw new HttpError('idempotency_key_reused');
  return outcome.body;
}
