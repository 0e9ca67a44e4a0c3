import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/server/db/database.ts';
import type { NotificationSenders } from '../../src/server/notifications/notification-channel.ts';
import { createSmsGatewaySender } from '../../src/server/notifications/sms-gateway.sender.ts';
import { queueNotification } from '../../src/server/notifications/notification.service.ts';
import { createNotificationWorker, type NotificationWorker } from '../../src/server/notifications/notification.worker.ts';
import { startFakeSmsGateway, type FakeSmsGateway } from '../support/fake-sms-gateway.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/test-database.ts';

const messageCount = 400;

/**
 * Two workers as two server instances would run them: on PostgreSQL each has its own Kysely and
 * connection pool; on PGlite (one process by nature) they share the database.
 */
describe.each(databaseKinds)('two notification workers on %s', (kind) => {
  let database: TestDatabase;
  let secondDb: Db;
  let gateway: FakeSmsGateway;
  const workers: NotificationWorker[] = [];

  beforeAll(async () => {
    [database, gateway] = await Promise.all([createTestDatabase(kind), startFakeSmsGateway()]);
    secondDb = kind === 'postgres' ? await openDatabase(database.config) : database.db;
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await gateway.close();
    if (secondDb !== database.db) await secondDb.destroy();
    await database.drop();
  });

  it(`send ${messageCount} messages, each exactly once`, async () => {
    await database.db.transaction().execute(async (trx) => {
      for (let index = 0; index < messageCount; index += 1) {
        await queueNotification(trx, {
          channel: 'sms',
          to: '+33612345678',
          template: 'phone_verification_code',
          language: 'en',
          params: { code: String(100000 + index), minutes: 15 },
        });
      }
    });
    // A gateway that answers after a few milliseconds, so claims and sends interleave.
    gateway.latencyMs = 3;
    const sentBy = { first: 0, second: 0 };
    const senders = (counter: keyof typeof sentBy): NotificationSenders => {
      const sms = createSmsGatewaySender({ url: new URL(gateway.url), token: 'secret', sender: 'Guichet', timeoutMs: 5000 });
      return {
        sms: {
          send: (message) => {
            sentBy[counter] += 1;
            return sms.send(message);
          },
        },
        email: { send: () => Promise.reject(new Error('no e-mail in this test')) },
      };
    };
    const options = {
      pollIntervalMs: 10,
      batchSize: 8,
      maxAttempts: 3,
      retryBaseMs: 50,
      retryMaxMs: 1000,
      leaseMs: 60_000,
      foldAccents: false,
    };
    const first = createNotificationWorker(database.db, senders('first'), options);
    const second = createNotificationWorker(secondDb, senders('second'), options);
    workers.push(first, second);
    first.start();
    second.start();

    const deadline = Date.now() + 60_000;
    for (;;) {
      const left = await database.db
        .selectFrom('notification')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('status', '!=', 'sent')
        .executeTakeFirstOrThrow();
      if (Number(left.count) === 0) break;
      if (Date.now() > deadline) throw new Error(`${left.count} messages still not sent`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all([first.stop(), second.stop()]);

    const codes = gateway.requests.map((request) => /code is (\d{6})/.exec(request.body.text)?.[1]);
    expect(codes).toHaveLength(messageCount);
    expect(new Set(codes).size).toBe(messageCount);
    // Both really took part: the exclusivity above was tested under contention, not by turns.
    expect(sentBy.first).toBeGreaterThan(messageCount / 10);
    expect(sentBy.second).toBeGreaterThan(messageCount / 10);
    expect(sentBy.first + sentBy.second).toBe(messageCount);

    const rows = await database.db.selectFrom('notification').select(['attempts', 'provider_message_id']).execute();
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    expect(new Set(rows.map((row) => row.provider_message_id)).size).toBe(messageCount);
    const events = await database.db
      .selectFrom('notification_event')
      .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
      .groupBy('status')
      .orderBy('status')
      .execute();
    expect(events.map((event) => [event.status, Number(event.count)])).toEqual([
      ['queued', messageCount],
      ['sending', messageCount],
      ['sent', messageCount],
    ]);
  });
});
