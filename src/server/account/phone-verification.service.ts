import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Language } from '../../shared/languages.ts';
import { phoneCodeRules } from '../../shared/phone-verification.ts';
import type { Db } from '../db/database.ts';
import { queueNotification } from '../notifications/notification.service.ts';
import { addPhone, attachCallbackRequests } from './person.repository.ts';
import { countTry, findPendingVerification, markVerified, replaceVerification } from './phone-verification.repository.ts';

/** The number a code was last sent to and can still be typed in for, if any. */
export async function pendingPhoneVerification(db: Db, personId: string, now: Date) {
  return findPendingVerification(db, personId, now);
}

/**
 * Sends a 6-digit code by SMS (through the notifications outbox, in the same transaction as the
 * code, so there is never a code without its message). A new code is refused within 60 s of the last.
 */
export async function sendPhoneCode(
  db: Db,
  request: { personId: string; phone: string; language: Language; now: Date },
): Promise<'sent' | 'too_soon'> {
  const { personId, phone, language, now } = request;
  const pending = await findPendingVerification(db, personId, now);
  if (pending && now.getTime() - pending.sent_at.getTime() < phoneCodeRules.resendAfterSeconds * 1000) return 'too_soon';
  const id = randomUUID();
  const code = String(randomInt(0, 10 ** phoneCodeRules.digits)).padStart(phoneCodeRules.digits, '0');
  await db.transaction().execute(async (trx) => {
    await replaceVerification(trx, {
      id,
      person_id: personId,
      phone,
      code_hash: hashCode(id, code),
      sent_at: now,
      expires_at: new Date(now.getTime() + phoneCodeRules.validMinutes * 60_000),
      verified_at: null,
    });
    await queueNotification(trx, {
      channel: 'sms',
      to: phone,
      template: 'phone_verification_code',
      language,
      params: { code, minutes: phoneCodeRules.validMinutes },
      personId,
    });
  });
  return 'sent';
}

export type CodeCheck = 'verified' | 'wrong' | 'expired' | 'too_many_tries';

/**
 * Checks a typed code: at most 5 tries per code, 15 minutes. Once right, the number is the
 * person's, verified, and the callback requests asked for with it before sign-in become theirs.
 */
export async function checkPhoneCode(db: Db, request: { personId: string; code: string; now: Date }): Promise<CodeCheck> {
  const pending = await findPendingVerification(db, request.personId, request.now);
  if (!pending) return 'expired';
  const tries = await countTry(db, pending.id, phoneCodeRules.maxTries);
  if (tries === undefined) return 'too_many_tries';
  const expected = Buffer.from(pending.code_hash);
  const given = Buffer.from(hashCode(pending.id, request.code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return tries >= phoneCodeRules.maxTries ? 'too_many_tries' : 'wrong';
  }
  await db.transaction().execute(async (trx) => {
    await markVerified(trx, pending.id, request.now);
    await addPhone(trx, request.personId, pending.phone, 'sms_code', request.now);
    await attachCallbackRequests(trx, request.personId, pending.phone);
  });
  return 'verified';
}

/** Salted with the row's id: the same code sent twice never hashes the same. */
function hashCode(id: string, code: string): string {
  return createHash('sha256').update(`${id}:${code}`).digest('base64url');
}
