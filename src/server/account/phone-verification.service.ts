import type { Db } from '../db/database.ts';

/** The number a code was last sent to and can still be typed in for, if any. */
export async function pendingPhoneVerification(db: Db, personId: string, now: Date) {
  return db
    .selectFrom('phone_verification')
    .select(['id', 'phone', 'sent_at'])
    .where('person_id', '=', personId)
    .where('verified_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('sent_at', 'desc')
    .executeTakeFirst();
}
