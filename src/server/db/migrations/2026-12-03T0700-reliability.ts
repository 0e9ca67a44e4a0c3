import { sql, type Kysely } from 'kysely';

/**
 * Idempotency keys are now claimed inside their work's transaction: a key left `in_progress` by the
 * old two-step claim (its process died before committing) would answer 409 for ever, so it goes.
 * Replays are counted per key (metrics). Notifications gain `unknown`: sent to a gateway that never answered, to be reconciled before any resend.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from idempotency_key where state = 'in_progress'`.execute(db);
  await db.schema
    .alterTable('idempotency_key')
    .addColumn('replays', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await sql`alter table notification drop constraint notification_status`.execute(db);
  await sql`alter table notification add constraint notification_status
    check (status in ('queued', 'sending', 'unknown', 'sent', 'delivered', 'failed'))`.execute(db);
  await db.schema.dropIndex('notification_due').execute();
  await db.schema
    .createIndex('notification_due')
    .on('notification')
    .columns(['next_attempt_at'])
    .where(sql.ref('status'), 'in', sql`('queued', 'sending', 'unknown')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_key').dropColumn('replays').execute();
  await sql`update notification set status = 'queued' where status = 'unknown'`.execute(db);
  await db.schema.dropIndex('notification_due').execute();
  await db.schema
    .createIndex('notification_due')
    .on('notification')
    .columns(['next_attempt_at'])
    .where(sql.ref('status'), 'in', sql`('queued', 'sending')`)
    .execute();
  await sql`alter table notification drop constraint notification_status`.execute(db);
  await sql`alter table notification add constraint notification_status
    check (status in ('queued', 'sending', 'sent', 'delivered', 'failed'))`.execute(db);
}
