import { sql, type Insertable, type Updateable } from 'kysely';
import type { CallbackStatus } from '../../shared/callback-request.ts';
import type { Db } from '../db/database.ts';
import type { CallbackEventTable, CallbackRequestTable } from './callback-request.table.ts';

export async function insertCallbackRequest(
  db: Db,
  row: Insertable<CallbackRequestTable>,
): Promise<{ id: string; reference: string } | undefined> {
  return db
    .insertInto('callback_request')
    .values(row)
    .onConflict((conflict) => conflict.column('reference').doNothing())
    .returning(['id', 'reference'])
    .executeTakeFirst();
}

export async function findCallbackRequestByReference(db: Db, reference: string) {
  return db.selectFrom('callback_request').selectAll().where('reference', '=', reference).executeTakeFirst();
}

export async function findCallbackRequestByCancelToken(db: Db, tokenHash: string) {
  return db.selectFrom('callback_request').selectAll().where('cancel_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertCallbackEvent(db: Db, event: Insertable<CallbackEventTable>): Promise<void> {
  await db.insertInto('callback_event').values(event).execute();
}

export async function listCallbackEvents(db: Db, callbackRequestId: string) {
  return db
    .selectFrom('callback_event')
    .select(['at', 'status', 'note'])
    .where('callback_request_id', '=', callbackRequestId)
    .orderBy('id')
    .execute();
}

/**
 * Changes a request only if it still is in one of `from` (and, when given, held by `claimedBy`):
 * two people acting at once cannot both succeed, the database decides. Undefined when it was not.
 */
export async function updateCallbackRequestIf(
  db: Db,
  where: { reference: string; from: readonly CallbackStatus[]; claimedBy?: string; dueBy?: Date },
  set: Updateable<CallbackRequestTable>,
) {
  let query = db
    .updateTable('callback_request')
    .set({ ...set, updated_at: sql<Date>`now()` })
    .where('reference', '=', where.reference)
    .where('status', 'in', [...where.from]);
  if (where.claimedBy !== undefined) query = query.where('claimed_by', '=', where.claimedBy);
  const dueBy = where.dueBy;
  if (dueBy !== undefined) query = query.where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', dueBy)]));
  return query.returningAll().executeTakeFirst();
}

/**
 * The phone agents' queue: requests waiting for a call (rescheduled ones once due) and the ones
 * this agent holds. Held first; then by window in the day's order, then the longest wait first.
 */
export async function listCallbackQueue(db: Db, agentId: string, now: Date) {
  return db
    .selectFrom('callback_request')
    .select([
      'reference',
      'topic',
      'time_window',
      'call_language',
      'language',
      'status',
      'attempts',
      'created_at',
      'next_attempt_at',
      'claimed_by',
    ])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', 'in', ['requested', 'scheduled']),
          eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]),
        ]),
        eb.and([eb('status', '=', 'in_progress'), eb('claimed_by', '=', agentId)]),
      ]),
    )
    .orderBy(sql`case when claimed_by = ${agentId} then 0 else 1 end`)
    .orderBy(sql`case time_window when 'morning' then 0 when 'afternoon' then 1 else 2 end`)
    .orderBy(sql`coalesce(next_attempt_at, created_at)`)
    .limit(200)
    .execute();
}

/** The signed-in citizen's requests, newest first: those asked with a verified number of theirs. */
export async function listCallbackRequestsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('callback_request')
    .select(['reference', 'topic', 'time_window', 'status', 'created_at'])
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

/** Requests still waiting for a call (all agents), for the metrics. */
export async function countWaitingCallbackRequests(db: Db): Promise<number> {
  const row = await db
    .selectFrom('callback_request')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('status', 'in', ['requested', 'scheduled'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
