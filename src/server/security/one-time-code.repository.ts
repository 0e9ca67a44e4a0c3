import type { Insertable } from 'kysely';
import type { OneTimeCodePurpose } from '../../shared/one-time-code.ts';
import type { Db } from '../db/database.ts';
import type { OneTimeCodeTable } from './one-time-code.table.ts';

/** A new code ends any earlier one for the same subject (only the latest SMS can be typed in). */
export async function insertReplacingCode(db: Db, row: Insertable<OneTimeCodeTable> & { id: string }): Promise<void> {
  await db
    .updateTable('one_time_code')
    .set({ expires_at: row.sent_at })
    .where('purpose', '=', row.purpose)
    .where('subject', '=', row.subject)
    .where('used_at', 'is', null)
    .where('expires_at', '>', row.sent_at)
    .execute();
  await db.insertInto('one_time_code').values(row).execute();
}

/** The latest code sent for a subject, used or not. */
export async function findLatestCode(db: Db, purpose: OneTimeCodePurpose, subject: string) {
  return db
    .selectFrom('one_time_code')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('subject', '=', subject)
    .orderBy('sent_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Counts a try in one conditional statement, unless the code is used, expired or out of tries:
 * of any number of tries at once, the database lets exactly `maxAttempts` through.
 */
export async function countAttempt(db: Db, id: string, now: Date, maxAttempts: number) {
  return db
    .updateTable('one_time_code')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<', maxAttempts)
    .returning(['code_hash', 'attempts'])
    .executeTakeFirst();
}

/** Marks a code used, once: of two right answers at once, one wins. */
export async function markCodeUsed(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('one_time_code')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
