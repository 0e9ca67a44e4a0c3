import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the lists that must stay as fast at a million rows as at a thousand (measured by
 * `npm run bench:scale`, checked by `tests/server/query-plans.test.ts`), and for the purge of the
 * idempotency keys and rate-limit windows that every write adds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The phone agents' queue: waiting requests in the order they are offered (`listCallbackQueue`).
  await sql`create index callback_request_queue on callback_request (
      (case time_window when 'morning' then 0 when 'afternoon' then 1 else 2 end),
      (coalesce(next_attempt_at, created_at))
    ) where status in ('requested', 'scheduled')`.execute(db);
  // …and the requests an agent holds.
  await sql`create index callback_request_held on callback_request (claimed_by) where status = 'in_progress'`.execute(db);
  // A citizen's own requests, newest first (their account, their timeline).
  await db.schema.createIndex('callback_request_person').on('callback_request').columns(['person_id', 'created_at']).execute();
  // A case handler's list: a service's dossiers, oldest first, of any status or of one.
  await db.schema.createIndex('dossier_service_created').on('dossier').columns(['service', 'created_at']).execute();
  await db.schema.createIndex('dossier_service_status_created').on('dossier').columns(['service', 'status', 'created_at']).execute();
  await db.schema.createIndex('idempotency_key_created').on('idempotency_key').column('created_at').execute();
  await db.schema.createIndex('rate_limit_resets').on('rate_limit').column('resets_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'rate_limit_resets',
    'idempotency_key_created',
    'dossier_service_status_created',
    'dossier_service_created',
    'callback_request_person',
    'callback_request_held',
    'callback_request_queue',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
}
