import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { secretParameterTemplates } from './notification-templates.ts';
import type { NewNotification, NotificationChannel, NotificationRow, NotificationStatus } from './notification.table.ts';

/** Inserts a message and its first event in one statement, so it is atomic even outside a transaction. */
export async function insertNotification(db: Db, row: NewNotification): Promise<{ id: string }> {
  const inserted = await db
    .with('queued', (qb) => qb.insertInto('notification').values(row).returning('id'))
    .insertInto('notification_event')
    .columns(['notification_id', 'status'])
    .expression((eb) => eb.selectFrom('queued').select(['queued.id', sql.lit('queued').as('status')]))
    .returning('notification_id')
    .executeTakeFirstOrThrow();
  return { id: inserted.notification_id };
}

/** A claimed message; `reconcile` when an earlier attempt may have reached the provider (its outcome is unknown). */
export type ClaimedNotification = NotificationRow & { reconcile: boolean };

/**
 * Takes up to `limit` due messages for this worker and marks them `sending`. `SKIP LOCKED` lets
 * several workers (several server instances) claim side by side without ever taking the same row.
 * A row left in `sending` past its lease (its worker died mid-send), or `unknown` (the provider
 * never answered), is due again, flagged `reconcile`: it may already have gone out.
 */
export async function claimDueNotifications(db: Db, options: { limit: number; leaseMs: number }): Promise<ClaimedNotification[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('notification')
      .select(['id', 'status'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', 'in', ['queued', 'unknown']), eb('next_attempt_at', '<=', sql<Date>`now()`)]),
          eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', sql<Date>`now() - ${options.leaseMs} * interval '1 millisecond'`)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(options.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const claimed = await trx
      .updateTable('notification')
      .set({ status: 'sending', attempts: sql`attempts + 1`, claimed_at: sql`now()`, updated_at: sql`now()` })
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returningAll()
      .execute();
    await trx
      .insertInto('notification_event')
      .values(claimed.map((row) => ({ notification_id: row.id, status: 'sending' as const, detail: null })))
      .execute();
    const previous = new Map(due.map((row) => [row.id, row.status]));
    return claimed.map((row) => ({ ...row, reconcile: previous.get(row.id) !== 'queued' }));
  });
}

/** Keeps a claim alive while its send is in flight, so the lease runs out only for a worker that died. */
export async function renewNotificationClaim(db: Db, claim: Pick<NotificationRow, 'id' | 'attempts'>): Promise<void> {
  await db
    .updateTable('notification')
    .set({ claimed_at: sql`now()` })
    .where('id', '=', claim.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', claim.attempts)
    .execute();
}

/**
 * Moves a claimed message on, with its event, in one statement. `attempts` fences the claim: if
 * the lease ran out and another worker took the row, this worker's late answer changes nothing.
 */
async function settleClaim(
  db: Db,
  claim: Pick<NotificationRow, 'id' | 'attempts'>,
  status: NotificationStatus,
  changes: {
    next_attempt_at?: ReturnType<typeof sql<Date>>;
    last_error?: string | null;
    provider_message_id?: string | null;
    segments?: number | null;
  },
): Promise<boolean> {
  // Once a message is settled for good, a one-time code in its parameters has served its purpose.
  const params =
    status === 'sent' || status === 'failed'
      ? sql<string>`case when template in (${sql.join([...secretParameterTemplates])}) then '{}'::jsonb else params end`
      : undefined;
  const result = await db
    .with('settled', (qb) =>
      qb
        .updateTable('notification')
        .set({ ...changes, ...(params ? { params } : {}), status, claimed_at: null, updated_at: sql`now()` })
        .where('id', '=', claim.id)
        .where('status', '=', 'sending')
        .where('attempts', '=', claim.attempts)
        .returning('id'),
    )
    .insertInto('notification_event')
    .columns(['notification_id', 'status', 'detail'])
    .expression((eb) =>
      eb.selectFrom('settled').select(['settled.id', sql.lit(status).as('status'), sql.val(changes.last_error ?? null).as('detail')]),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function markNotificationSent(
  db: Db,
  claim: Pick<NotificationRow, 'id' | 'attempts'>,
  sent: { providerMessageId: string | null; segments: number | null },
): Promise<boolean> {
  return settleClaim(db, claim, 'sent', { provider_message_id: sent.providerMessageId, segments: sent.segments, last_error: null });
}

export function scheduleNotificationRetry(
  db: Db,
  claim: Pick<NotificationRow, 'id' | 'attempts'>,
  retry: { error: string; delayMs: number },
): Promise<boolean> {
  return settleClaim(db, claim, 'queued', {
    last_error: retry.error,
    next_attempt_at: sql<Date>`now() + ${Math.round(retry.delayMs)} * interval '1 millisecond'`,
  });
}

/**
 * The provider may or may not have the message (it never answered, or this worker is stopping
 * mid-send): due again after `delayMs`, to be reconciled with the provider before any resend.
 */
export function markNotificationUnknown(
  db: Db,
  claim: Pick<NotificationRow, 'id' | 'attempts'>,
  unknown: { error: string; delayMs: number },
): Promise<boolean> {
  return settleClaim(db, claim, 'unknown', {
    last_error: unknown.error,
    next_attempt_at: sql<Date>`now() + ${Math.round(unknown.delayMs)} * interval '1 millisecond'`,
  });
}

export function markNotificationFailed(db: Db, claim: Pick<NotificationRow, 'id' | 'attempts'>, error: string): Promise<boolean> {
  return settleClaim(db, claim, 'failed', { last_error: error });
}

/**
 * A provider's delivery receipt for a sent message. Returns false when no sent message has that
 * provider id (unknown, or already settled), so the caller can tell the provider.
 */
export async function recordDeliveryReceipt(
  db: Db,
  receipt: { channel: NotificationChannel; providerMessageId: string; status: 'delivered' | 'failed'; error: string | null },
): Promise<boolean> {
  const result = await db
    .with('receipted', (qb) =>
      qb
        .updateTable('notification')
        .set({ status: receipt.status, last_error: receipt.error, updated_at: sql`now()` })
        .where('channel', '=', receipt.channel)
        .where('provider_message_id', '=', receipt.providerMessageId)
        .where('status', '=', 'sent')
        .returning('id'),
    )
    .insertInto('notification_event')
    .columns(['notification_id', 'status', 'detail'])
    .expression((eb) =>
      eb.selectFrom('receipted').select(['receipted.id', sql.lit(receipt.status).as('status'), sql.val(receipt.error).as('detail')]),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Messages due now (queued, unknown, or held past their lease) and how long the oldest has waited, for the metrics. */
export async function notificationQueueStats(db: Db): Promise<{ due: number; oldestDueSeconds: number }> {
  const row = await db
    .selectFrom('notification')
    .select([(eb) => eb.fn.countAll<string>().as('due'), sql<string | null>`extract(epoch from now() - min(next_attempt_at))`.as('oldest')])
    .where('status', 'in', ['queued', 'unknown', 'sending'])
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return { due: Number(row.due), oldestDueSeconds: Math.max(0, Number(row.oldest ?? 0)) };
}

export async function findNotification(db: Db, id: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notification').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listNotificationEvents(db: Db, id: string) {
  return db.selectFrom('notification_event').select(['status', 'detail', 'at']).where('notification_id', '=', id).orderBy('at').execute();
}

export async function insertDevInboxMessage(
  db: Db,
  message: { channel: NotificationChannel; recipient: string; subject: string | null; text: string },
): Promise<{ id: string }> {
  return db.insertInto('dev_inbox_message').values(message).returning('id').executeTakeFirstOrThrow();
}

/** The most recent messages first: the code someone waits for is at the top. */
export async function listDevInboxMessages(db: Db, limit: number) {
  return db.selectFrom('dev_inbox_message').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
}
