import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { oneTimeCodeDigits, oneTimeCodeRules, type OneTimeCodeError, type OneTimeCodePurpose } from '../../shared/one-time-code.ts';
import type { Db } from '../db/database.ts';
import { countAttempt, findLatestCode, insertReplacingCode, markCodeUsed } from './one-time-code.repository.ts';
import type { OneTimeCodeRow } from './one-time-code.table.ts';
import { hit } from './rate-limit-store.ts';

/**
 * The one way Guichet makes and checks SMS codes: phone verification, counter-visit booking and
 * an agent's mandate all go through here. Codes are stored hashed in `one_time_code`; every rule
 * that decides between two requests at once (a try, a use) is a conditional update.
 */

/** Six crypto-random digits, leading zeros kept. */
export function newCode(): string {
  return String(randomInt(0, 10 ** oneTimeCodeDigits)).padStart(oneTimeCodeDigits, '0');
}

/** Salted with the row's id: the same code sent twice never hashes the same. */
export function hashCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('base64url');
}

/** Compares two hashes in constant time, so the time taken says nothing of how much matched. */
export function sameHash(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Makes a code for a subject, in the caller's transaction (which queues its SMS too, so there is
 * never a code without its message). An earlier code for the same subject stops working.
 */
export async function issueCode(
  db: Db,
  request: { purpose: OneTimeCodePurpose; subject: string; phone: string; now: Date },
): Promise<{ id: string; code: string; expiresAt: Date }> {
  const id = randomUUID();
  const code = newCode();
  const expiresAt = new Date(request.now.getTime() + oneTimeCodeRules[request.purpose].validMinutes * 60_000);
  await insertReplacingCode(db, {
    id,
    purpose: request.purpose,
    subject: request.subject,
    phone: request.phone,
    code_hash: hashCode(id, code),
    sent_at: request.now,
    expires_at: expiresAt,
    used_at: null,
  });
  return { id, code, expiresAt };
}

/** Where a code stands: still usable, or why not. */
export function codeState(
  row: Pick<OneTimeCodeRow, 'purpose' | 'attempts' | 'expires_at' | 'used_at'>,
  now: Date,
): 'usable' | OneTimeCodeError {
  if (row.used_at !== null || row.expires_at <= now) return 'code_expired';
  if (row.attempts >= oneTimeCodeRules[row.purpose].maxAttempts) return 'code_attempts_exhausted';
  return 'usable';
}

/** The latest code of a subject while it can still be typed in. */
export async function pendingCode(db: Db, purpose: OneTimeCodePurpose, subject: string, now: Date): Promise<OneTimeCodeRow | undefined> {
  const latest = await findLatestCode(db, purpose, subject);
  return latest && codeState(latest, now) === 'usable' ? latest : undefined;
}

export type CodeCheck =
  { ok: true; phone: string } | { ok: false; error: Extract<OneTimeCodeError, 'code_expired' | 'code_wrong' | 'code_attempts_exhausted'> };

/**
 * Checks a typed code against the subject's latest one and, when right, uses it up. Every try
 * counts, right or wrong; the caller's `db` decides what commits with it (a booking's transaction
 * undoes a right try whose booking failed, so the citizen can try again).
 */
export async function checkCode(
  db: Db,
  request: { purpose: OneTimeCodePurpose; subject: string; code: string; now: Date },
): Promise<CodeCheck> {
  const { purpose, subject, code, now } = request;
  const latest = await findLatestCode(db, purpose, subject);
  if (!latest) return { ok: false, error: 'code_expired' };
  const { maxAttempts } = oneTimeCodeRules[purpose];
  const attempt = await countAttempt(db, latest.id, now, maxAttempts);
  if (!attempt) {
    // Read again: tries made at the same moment may have used it up or spent its tries.
    const state = codeState((await findLatestCode(db, purpose, subject)) ?? latest, now);
    return { ok: false, error: state === 'code_attempts_exhausted' ? state : 'code_expired' };
  }
  if (!sameHash(attempt.code_hash, hashCode(latest.id, code))) {
    return { ok: false, error: attempt.attempts >= maxAttempts ? 'code_attempts_exhausted' : 'code_wrong' };
  }
  if (!(await markCodeUsed(db, latest.id, now))) return { ok: false, error: 'code_expired' };
  return { ok: true, phone: latest.phone };
}

/** Who may be sent SMS, and how many, on a visitor's request (`SMS_*` variables). */
export interface SmsPolicy {
  /** Country calling codes an SMS may go to, "+33", "+262"…: anything else could be a premium range. */
  allowedCountries: readonly string[];
  maxPerNumber: number;
  maxPerAddress: number;
  windowMinutes: number;
}

/** Whether a number (E.164) is in a country SMS may go to. Calling codes are prefix-free, so a prefix test is exact. */
export function isAllowedDestination(policy: Pick<SmsPolicy, 'allowedCountries'>, phone: string): boolean {
  return policy.allowedCountries.some((prefix) => phone.startsWith(prefix));
}

/** The rate-limit keys an SMS counts against (see `smsRefusal`), for a write that counts them in its own statement. */
export function smsLimitKeys(request: { phone: string; address: string }): { number: string; address: string } {
  return { number: `sms-number:${request.phone}`, address: `sms-address:${request.address}` };
}

/**
 * Counts an SMS a visitor asks for against its number and the visitor's address, whatever the
 * feature (a code, a confirmation), so a number cannot be pumped by spreading requests over
 * features. Answers the refusal, if any; a refused country counts nothing.
 */
export async function smsRefusal(
  db: Db,
  policy: SmsPolicy,
  request: { phone: string; address: string; now: Date },
): Promise<Extract<OneTimeCodeError, 'phone_country_not_allowed' | 'code_throttled'> | undefined> {
  if (!isAllowedDestination(policy, request.phone)) return 'phone_country_not_allowed';
  const windowMs = policy.windowMinutes * 60_000;
  const keys = smsLimitKeys(request);
  const perNumber = await hit(db, keys.number, windowMs, request.now);
  const perAddress = await hit(db, keys.address, windowMs, request.now);
  return perNumber.current > policy.maxPerNumber || perAddress.current > policy.maxPerAddress ? 'code_throttled' : undefined;
}
