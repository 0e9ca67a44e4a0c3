import { sql, type Insertable, type Updateable } from 'kysely';
import type { CallbackStatus } from '../../shared/callback-request.ts';
import type { Db } from '../db/database.ts';
import { keyIsNew, storeResponse, type IdempotencyRecord } from '../http/idempotency.ts';
import type { NewNotification } from '../notifications/notification.table.ts';
import { countHits } from '../security/rate-limit-store.ts';
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

/** What a new request may meet, in the order it is checked; the response stored for each. */
export type CallbackCreationOutcome = 'phone_limit' | 'country_refused' | 'sms_throttled' | 'created';

export interface CallbackCreation {
  /** The row, but for its owner: `personId` owns it only if the number is a verified one of theirs. */
  row: Omit<Insertable<CallbackRequestTable>, 'person_id'>;
  personId: string | null;
  /** The confirmation SMS; its `person_id` becomes the request's owner. */
  notification: NewNotification;
  perPhone: { key: string; windowMs: number; max: number };
  /** Counted only past the per-phone limit, and only for a country SMS may go to (as `smsRefusal` does). */
  sms: {
    countryAllowed: boolean;
    keys: { number: string; address: string };
    windowMs: number;
    at: Date;
    maxPerNumber: number;
    maxPerAddress: number;
  };
  answers: Record<CallbackCreationOutcome, { status: number; body: unknown }>;
}

/**
 * A new request in one statement, hence one round trip and one transaction: the limit per
 * number, then the SMS limits (number, address), then the request, its first event and its
 * confirmation SMS in the outbox, and last the idempotency key with the answer the limits chose.
 * Nothing when the key was already answered. A reference already taken fails the whole statement
 * (unique index): the caller draws another.
 */
export async function insertCallbackRequestOnce(db: Db, record: IdempotencyRecord, creation: CallbackCreation) {
  const { row, perPhone, sms } = creation;
  const { rows } = await sql<{ status: number; body: unknown }>`
    with
      fresh as (${keyIsNew(record)}),
      per_phone as (${countHits(sql`select ${perPhone.key}::text as key from fresh`, perPhone.windowMs)}),
      sms as (${countHits(
        sql`select sms_key.key from per_phone, unnest(array[${sms.keys.number}::text, ${sms.keys.address}::text]) as sms_key(key)
          where per_phone.hits <= ${perPhone.max} and ${sms.countryAllowed}`,
        sms.windowMs,
        sms.at,
      )}),
      outcome as (
        select case
          when per_phone.hits > ${perPhone.max} then 'phone_limit'
          when not ${sms.countryAllowed} then 'country_refused'
          when exists (select 1 from sms where (sms.key = ${sms.keys.number} and sms.hits > ${sms.maxPerNumber})
            or (sms.key = ${sms.keys.address} and sms.hits > ${sms.maxPerAddress})) then 'sms_throttled'
          else 'created'
        end as result
        from per_phone
      ),
      created as (
        insert into callback_request (reference, phone, topic, topic_detail, time_window, name, language, call_language,
          dossier_reference, cancel_token_hash, person_id)
        select ${row.reference}, ${row.phone}, ${row.topic}, ${row.topic_detail ?? null}, ${row.time_window}, ${row.name ?? null},
          ${row.language}, ${row.call_language ?? null}, ${row.dossier_reference ?? null}, ${row.cancel_token_hash ?? null},
          (select person_id from person_phone where person_id = ${creation.personId} and phone = ${row.phone} and verified_at is not null)
        from outcome where result = 'created'
        returning id, person_id
      ),
      event as (
        insert into callback_event (callback_request_id, status, actor_kind)
        select id, 'requested', 'citizen' from created
      ),
      queued as (
        insert into notification (channel, recipient, template, language, reading, params, person_id)
        select ${creation.notification.channel}, ${creation.notification.recipient}, ${creation.notification.template},
          ${creation.notification.language}, ${creation.notification.reading ?? null}, ${creation.notification.params}::jsonb, created.person_id
        from created
        returning id
      ),
      queued_event as (
        insert into notification_event (notification_id, status) select id, 'queued' from queued
      ),
      answers as (select ${JSON.stringify(creation.answers)}::jsonb as by_outcome)
    ${storeResponse(
      record,
      sql`select (by_outcome -> outcome.result ->> 'status')::integer as status, by_outcome -> outcome.result -> 'body' as body
        from outcome, answers`,
    )}`.execute(db);
  return rows[0];
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
 * Two branches, each read in order from its own index (`callback_request_held`,
 * `callback_request_queue`) and cut at the limit, so the cost does not grow with the table.
 */
export async function listCallbackQueue(db: Db, agentId: string, now: Date) {
  const limit = 200;
  const windowRank = sql<number>`case time_window when 'morning' then 0 when 'afternoon' then 1 else 2 end`;
  const waitingSince = sql<Date>`coalesce(next_attempt_at, created_at)`;
  const columns = [
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
  ] as const;
  const branch = (held: boolean) =>
    db
      .selectFrom('callback_request')
      .select(columns)
      .select([sql<number>`${held ? 0 : 1}`.as('held_rank'), windowRank.as('window_rank'), waitingSince.as('waiting_since')])
      .where(
        held
          ? sql<boolean>`status = 'in_progress' and claimed_by = ${agentId}`
          : sql<boolean>`status in ('requested', 'scheduled') and (next_attempt_at is null or next_attempt_at <= ${now})`,
      )
      .orderBy(windowRank)
      .orderBy(waitingSince)
      .limit(limit);
  const queue = await db
    .selectFrom((eb) =>
      eb
        .selectFrom(branch(true).as('held'))
        .selectAll()
        .unionAll(eb.selectFrom(branch(false).as('waiting')).selectAll())
        .as('queue'),
    )
    .select(columns)
    .orderBy('held_rank')
    .orderBy('window_rank')
    .orderBy('waiting_since')
    .limit(limit)
    .execute();
  return queue;
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
