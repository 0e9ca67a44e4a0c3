import type { Language } from '../../shared/languages.ts';
import { oneTimeCodeRules, type OneTimeCodeError } from '../../shared/one-time-code.ts';
import { phoneCodeRules } from '../../shared/phone-verification.ts';
import type { Db } from '../db/database.ts';
import { queueNotification } from '../notifications/notification.service.ts';
import { checkCode, issueCode, pendingCode, smsRefusal, type SmsPolicy } from '../security/one-time-code.ts';
import { addPhone, attachCallbackRequests } from './person.repository.ts';

/** The code a person can still type in, if any, and the number it was sent to. */
export async function pendingPhoneVerification(db: Db, personId: string, now: Date) {
  return pendingCode(db, 'phone_verification', personId, now);
}

/**
 * Sends a code by SMS (through the notifications outbox, in the same transaction as the code, so
 * there is never a code without its message). A new code is refused within 60 s of the last, and
 * like every SMS a visitor asks for it counts against the number's and the address's limits.
 */
export async function sendPhoneCode(
  db: Db,
  policy: SmsPolicy,
  request: { personId: string; phone: string; language: Language; address: string; now: Date },
): Promise<'sent' | 'too_soon' | Extract<OneTimeCodeError, 'phone_country_not_allowed' | 'code_throttled'>> {
  const { personId, phone, language, now } = request;
  const pending = await pendingPhoneVerification(db, personId, now);
  if (pending && now.getTime() - pending.sent_at.getTime() < phoneCodeRules.resendAfterSeconds * 1000) return 'too_soon';
  return db.transaction().execute(async (trx) => {
    const refused = await smsRefusal(trx, policy, { phone, address: request.address, now });
    if (refused) return refused;
    const { code } = await issueCode(trx, { purpose: 'phone_verification', subject: personId, phone, now });
    await queueNotification(trx, {
      channel: 'sms',
      to: phone,
      template: 'phone_verification_code',
      language,
      params: { code, minutes: oneTimeCodeRules.phone_verification.validMinutes },
      personId,
    });
    return 'sent';
  });
}

/**
 * Checks a typed code. Once right, the number is the person's, verified, and the callback requests
 * asked for with it before sign-in become theirs.
 */
export async function checkPhoneCode(
  db: Db,
  request: { personId: string; code: string; now: Date },
): Promise<'verified' | Extract<OneTimeCodeError, 'code_expired' | 'code_wrong' | 'code_attempts_exhausted'>> {
  const { personId, code, now } = request;
  // One transaction: a wrong try commits as a counted try; a right one only with the number it proves.
  return db.transaction().execute(async (trx) => {
    const checked = await checkCode(trx, { purpose: 'phone_verification', subject: personId, code, now });
    if (!checked.ok) return checked.error;
    await addPhone(trx, personId, checked.phone, 'sms_code', now);
    await attachCallbackRequests(trx, personId, checked.phone);
    return 'verified' as const;
  });
}
