import { randomInt } from 'node:crypto';
import type { CallbackRequest, CallbackRequestCreated, CallbackRequestStatus } from '../../shared/callback-request.ts';
import type { Language } from '../../shared/languages.ts';
import type { Db } from '../db/database.ts';
import { findCallbackRequestByReference, insertCallbackRequest } from './callback-request.repository.ts';

/** Stores a request to be called back and returns the reference the citizen can quote. */
export async function createCallbackRequest(db: Db, request: CallbackRequest, language: Language): Promise<CallbackRequestCreated> {
  // 32^8 references: a clash is rare, and the unique index turns one into a retry, not a duplicate.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const created = await insertCallbackRequest(db, {
      reference: newCallbackReference(),
      phone: request.phone,
      topic: request.topic,
      time_window: request.window,
      name: request.name ?? null,
      language,
    });
    if (created) return { reference: created.reference };
  }
  throw new Error('Could not find a free callback reference');
}

/** Crockford's base 32: no I, L, O or U, so a reference read out on the phone is not misheard. */
const referenceAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newCallbackReference(): string {
  const group = () => Array.from({ length: 4 }, () => referenceAlphabet[randomInt(referenceAlphabet.length)]).join('');
  return `RAP-${group()}-${group()}`;
}

/** Where a request stands, by its reference; nothing of its content. */
export async function callbackRequestStatus(db: Db, reference: string): Promise<CallbackRequestStatus | undefined> {
  const row = await findCallbackRequestByReference(db, reference);
  return row && { reference: row.reference, status: row.status };
}
