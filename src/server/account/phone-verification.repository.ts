import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { PhoneVerificationTable } from './phone-verification.table.ts';

/** The code a person can still type in, if any: the latest one sent, not yet used, not expired. */
export async function findPendingVerification(db: Db, personId: string, now: Date) {
  return db
    .selectFrom('phone_verification')
    .selectAll()
    .where('person_id', '=', personId)
    .where('verified_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('sent_at', 'desc')
    .executeTakeFirst();
}

/** A new code replaces any earlier one: only the latest SMS can be typed in. */
export async function replaceVerification(db: Db, row: Insertable<PhoneVerificationTable>): Promise<void> {
  await db
    .updateTable('phone_verification')
    .set({ expires_at: row.sent_at })
    .where('person_id', '=', row.person_id)
    .where('verified_at', 'is', null)
    .where('expires_at', '>', row.sent_at)
    .execute();
  await db.insertInto('phone_verification').values(row).execute();
}

/** Counts a try, unless the tries are used up; answers the new count (undefined: none left). */
export async function countTry(db: Db, id: string, maxTries: number): Promise<number | undefined> {
  const row = await db
    .updateTable('phone_verification')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('attempts', '<', maxTries)
    .returning('attempts')
    .executeTakeFirst();
  return row?.attempts;
}

export async function markVerified(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('phone_verification').set({ verified_at: now }).where('id', '=', id).execute();
}
