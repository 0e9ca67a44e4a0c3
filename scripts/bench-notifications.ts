import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Config } from '../src/server/config.ts';
import { openDatabase, type Db } from '../src/server/db/database.ts';
import { openMigratedDatabase } from '../src/server/db/migrate.ts';
import { createDevInboxSender } from '../src/server/notifications/dev-inbox.sender.ts';
import { queueNotification } from '../src/server/notifications/notification.service.ts';
import { createNotificationWorker } from '../src/server/notifications/notification.worker.ts';

/**
 * How fast the outbox drains: queues `--messages` SMS, then lets `--workers` workers send them to
 * the development inbox (so the figure is the outbox's own cost, not a gateway's). On PostgreSQL
 * (DATABASE_URL set) each worker has its own pool, as separate server instances would; the run
 * uses a schema of its own and drops it. Usage: `npx tsx scripts/bench-notifications.ts --messages 2000 --workers 2`
 */
const { values } = parseArgs({
  options: { messages: { type: 'string', default: '2000' }, workers: { type: 'string', default: '2' } },
});
const messageCount = Number(values.messages);
const workerCount = Number(values.workers);

const schema = `bench_${randomBytes(4).toString('hex')}`;
const config: Config['database'] = process.env.DATABASE_URL
  ? { kind: 'postgres', url: process.env.DATABASE_URL, migrationUrl: undefined, schema }
  : { kind: 'pglite', dataDir: undefined };
const db = await openMigratedDatabase(config);
const workerDbs: Db[] =
  config.kind === 'postgres' ? await Promise.all(Array.from({ length: workerCount }, () => openDatabase(config))) : [];

try {
  const queueStart = performance.now();
  await db.transaction().execute(async (trx) => {
    for (let index = 0; index < messageCount; index += 1) {
      await queueNotification(trx, {
        channel: 'sms',
        to: '+33612345678',
        template: 'phone_verification_code',
        language: 'fr',
        params: { code: String(100000 + (index % 900000)), minutes: 15 },
      });
    }
  });
  const queueMs = performance.now() - queueStart;

  const options = {
    pollIntervalMs: 10,
    batchSize: 20,
    maxAttempts: 3,
    retryBaseMs: 1000,
    retryMaxMs: 10_000,
    leaseMs: 60_000,
    foldAccents: false,
  };
  const sendStart = performance.now();
  await Promise.all(
    Array.from({ length: workerCount }, (_, index) => {
      const workerDb = workerDbs[index] ?? db;
      return createNotificationWorker(workerDb, createDevInboxSender(workerDb), options).runOnce();
    }),
  );
  const sendMs = performance.now() - sendStart;

  const sent = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  const inbox = await db
    .selectFrom('dev_inbox_message')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(sent.count) !== messageCount || Number(inbox.count) !== messageCount) {
    throw new Error(`Expected ${messageCount} sent once each, got ${sent.count} sent and ${inbox.count} in the inbox`);
  }
  const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
  console.log(`database: ${config.kind}, ${messageCount} messages, ${workerCount} worker(s)`);
  console.log(`queue:  ${queueMs.toFixed(0)} ms (${rate(messageCount, queueMs)} messages/s, one transaction)`);
  console.log(`send:   ${sendMs.toFixed(0)} ms (${rate(messageCount, sendMs)} messages/s, each sent exactly once)`);
} finally {
  await Promise.all(workerDbs.map((workerDb) => workerDb.destroy()));
  if (config.kind === 'postgres') await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
  await db.destroy();
}
