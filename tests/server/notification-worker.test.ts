import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { createNotificationSenders } from '../../src/server/notifications/notification-senders.ts';
import { findNotification, listNotificationEvents, markNotificationSent } from '../../src/server/notifications/notification.repository.ts';
import { queueNotification } from '../../src/server/notifications/notification.service.ts';
import {
  createNotificationWorker,
  retryDelay,
  type NotificationWorkerOptions,
} from '../../src/server/notifications/notification.worker.ts';
import { startFakeSmsGateway, type FakeSmsGateway } from '../support/fake-sms-gateway.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/test-database.ts';

const fastRetries: NotificationWorkerOptions = {
  pollIntervalMs: 20,
  batchSize: 10,
  maxAttempts: 4,
  retryBaseMs: 200,
  retryMaxMs: 10_000,
  leaseMs: 60_000,
  foldAccents: false,
};

const code = (index: number) => String(100000 + index);

describe.each(databaseKinds)('the notification worker on %s', (kind) => {
  let database: TestDatabase;
  let gateway: FakeSmsGateway;

  beforeAll(async () => {
    [database, gateway] = await Promise.all([createTestDatabase(kind), startFakeSmsGateway()]);
  });
  afterAll(async () => {
    await gateway.close();
    await database.drop();
  });
  beforeEach(async () => {
    // Each test starts with an empty outbox, so one test's leftovers are never another's to send.
    await database.db.deleteFrom('notification').execute();
    gateway.requests.length = 0;
    gateway.lookups.length = 0;
    gateway.latencyMs = 0;
  });

  /** How many times the worker asked the gateway to send this message: what "sent twice" means. */
  const postsOf = (id: string) => gateway.requests.filter((request) => request.body.reference === id).length;

  const gatewaySenders = (environment: Record<string, string> = {}) =>
    createNotificationSenders(
      database.db,
      loadConfig({ NODE_ENV: 'test', SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_TOKEN: 'gateway-secret', ...environment }).notifications
        .senders,
    );

  const queueCode = (index: number, language: 'fr' | 'en' = 'fr') =>
    queueNotification(database.db, {
      channel: 'sms',
      to: '+33612345678',
      template: 'phone_verification_code',
      language,
      params: { code: code(index), minutes: 15 },
    });

  const statuses = async (id: string) => (await listNotificationEvents(database.db, id)).map((event) => event.status);

  it('sends through the development inbox by default, and records each status', async () => {
    const senders = createNotificationSenders(database.db, loadConfig({ NODE_ENV: 'test' }).notifications.senders);
    const { id } = await queueCode(1);
    const email = await queueNotification(database.db, {
      channel: 'email',
      to: 'camille@example.fr',
      template: 'test_message',
      language: 'en',
      params: {},
    });
    const worker = createNotificationWorker(database.db, senders, fastRetries);
    expect(await worker.runOnce()).toBe(2);

    // Sent, the verification code is no longer kept in the outbox.
    expect(await findNotification(database.db, id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      segments: 1,
      last_error: null,
      params: {},
    });
    expect(await statuses(id)).toEqual(['queued', 'sending', 'sent']);
    // Sent side by side: the inbox holds both, in whichever order they landed.
    const inbox = await database.db.selectFrom('dev_inbox_message').selectAll().orderBy('channel', 'desc').execute();
    expect(inbox).toMatchObject([
      { channel: 'sms', recipient: '+33612345678', subject: null, text: expect.stringContaining('votre code est 100001') },
      { channel: 'email', recipient: 'camille@example.fr', subject: 'Guichet test message' },
    ]);
    expect((await findNotification(database.db, email.id))?.provider_message_id).toBe(inbox[1]?.id);
    expect(await worker.runOnce()).toBe(0);
  });

  it('posts to the HTTP gateway with its token and keeps the gateway’s message id', async () => {
    const { id } = await queueCode(2, 'en');
    await createNotificationWorker(database.db, gatewaySenders({ SMS_SENDER: 'MAIRIE' }), fastRetries).runOnce();
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0]?.headers.authorization).toBe('Bearer gateway-secret');
    expect(gateway.requests[0]?.headers['content-type']).toBe('application/json');
    // The message's own id is its reference: a gateway that honours it never sends it twice.
    expect(gateway.requests[0]?.headers['idempotency-key']).toBe(id);
    expect(gateway.requests[0]?.body).toEqual({
      to: '+33612345678',
      text: 'Guichet: your code is 100002. It expires in 15 minutes. Do not give it to anyone, not even an agent.',
      sender: 'MAIRIE',
      reference: id,
    });
    const row = await findNotification(database.db, id);
    expect(row).toMatchObject({ status: 'sent', provider_message_id: expect.stringMatching(/^gw-\d+$/), segments: 1 });
  });

  it('retries a gateway 5xx with exponential backoff, then sends once', async () => {
    gateway.failNext(503, 502);
    const { id } = await queueCode(3);
    const worker = createNotificationWorker(database.db, gatewaySenders(), fastRetries);

    expect(await worker.runOnce()).toBe(1);
    const afterFirst = await findNotification(database.db, id);
    // Still to send, so its code is still there.
    expect(afterFirst).toMatchObject({ status: 'queued', attempts: 1, last_error: 'gateway_http_503', params: { code: code(3) } });
    // Not due yet: a worker passing by right away leaves it alone.
    expect(await worker.runOnce()).toBe(0);

    worker.start();
    await waitFor(async () => (await findNotification(database.db, id))?.status === 'sent');
    await worker.stop();

    expect(gateway.requests).toHaveLength(3);
    expect(await statuses(id)).toEqual(['queued', 'sending', 'queued', 'sending', 'queued', 'sending', 'sent']);
    expect(await findNotification(database.db, id)).toMatchObject({ attempts: 3, last_error: null });
    const [first, second, third] = gateway.requests.map((request) => request.at);
    // 200 ms then 400 ms (+ up to 20 % jitter), as seen by the gateway.
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(190);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(390);
  });

  it('gives up after the last attempt, keeping the error code', async () => {
    gateway.failNext(500, 500, 500);
    const { id } = await queueCode(4);
    const worker = createNotificationWorker(database.db, gatewaySenders(), { ...fastRetries, maxAttempts: 3, retryBaseMs: 10 });
    worker.start();
    await waitFor(async () => (await findNotification(database.db, id))?.status === 'failed');
    await worker.stop();
    expect(await findNotification(database.db, id)).toMatchObject({ attempts: 3, last_error: 'gateway_http_500' });
    expect(gateway.requests).toHaveLength(3);
    expect((await statuses(id)).at(-1)).toBe('failed');
  });

  it('leaves a message alone until its sending time', async () => {
    const { id } = await queueNotification(database.db, {
      channel: 'sms',
      to: '+33612345678',
      template: 'visit_reminder',
      language: 'fr',
      params: { date: '2026-12-03', time: '09:00', place: 'Mairie' },
      sendAt: new Date(Date.now() + 60_000),
    });
    expect(await createNotificationWorker(database.db, gatewaySenders(), fastRetries).runOnce()).toBe(0);
    await database.db.updateTable('notification').set({ next_attempt_at: new Date() }).where('id', '=', id).execute();
    expect(await createNotificationWorker(database.db, gatewaySenders(), fastRetries).runOnce()).toBe(1);
    // Not a secret: a reminder keeps its parameters for the record.
    expect(await findNotification(database.db, id)).toMatchObject({ status: 'sent', params: { place: 'Mairie' } });
  });

  it('does not retry what the gateway refuses (4xx)', async () => {
    gateway.failNext(400);
    const { id } = await queueCode(5);
    await createNotificationWorker(database.db, gatewaySenders(), fastRetries).runOnce();
    expect(await findNotification(database.db, id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'gateway_http_400' });
  });

  it('retries when the gateway cannot be reached at all', async () => {
    const closed = await startFakeSmsGateway();
    await closed.close();
    const senders = createNotificationSenders(
      database.db,
      loadConfig({ NODE_ENV: 'test', SMS_GATEWAY_URL: closed.url, SMS_GATEWAY_TOKEN: 'x' }).notifications.senders,
    );
    const { id } = await queueCode(6);
    await createNotificationWorker(database.db, senders, fastRetries).runOnce();
    expect(await findNotification(database.db, id)).toMatchObject({ status: 'queued', last_error: 'gateway_unreachable' });
  });

  it('folds accents when configured and it keeps the message GSM-7', async () => {
    const { id } = await queueNotification(database.db, {
      channel: 'sms',
      to: '+33612345678',
      template: 'visit_reminder',
      language: 'fr',
      params: { date: '2026-08-04', time: '09:30', place: 'Mairie, 1 place de l’Église' },
    });
    const config = loadConfig({ NODE_ENV: 'test', SMS_FOLD_ACCENTS: 'true' });
    await createNotificationWorker(database.db, gatewaySenders(), {
      ...fastRetries,
      foldAccents: config.notifications.worker.foldAccents,
    }).runOnce();
    expect(gateway.requests[0]?.body.text).toBe(
      "Guichet : rappel de votre rendez-vous le mardi 4 aout à 09:30, Mairie, 1 place de l'Église. Pensez à vos justificatifs.",
    );
    expect((await findNotification(database.db, id))?.segments).toBe(1);
  });

  it('retakes a message whose worker went silent, and ignores that worker’s late answer', async () => {
    const { id } = await queueCode(7);
    const silentWorker = createNotificationWorker(
      database.db,
      { sms: { send: () => new Promise(() => {}) }, email: gatewaySenders().email },
      fastRetries,
    );
    void silentWorker.runOnce();
    await waitFor(async () => (await findNotification(database.db, id))?.status === 'sending');
    const stale = await findNotification(database.db, id);
    await sql`update notification set claimed_at = now() - interval '2 minutes' where id = ${id}`.execute(database.db);

    await createNotificationWorker(database.db, gatewaySenders(), { ...fastRetries, leaseMs: 60_000 }).runOnce();
    expect(await findNotification(database.db, id)).toMatchObject({ status: 'sent', attempts: 2 });
    // The first worker wakes up and reports its own attempt: the row has moved on, nothing changes.
    expect(
      await markNotificationSent(database.db, { id, attempts: stale?.attempts ?? 0 }, { providerMessageId: 'late', segments: 1 }),
    ).toBe(false);
    expect((await findNotification(database.db, id))?.provider_message_id).not.toBe('late');
  });

  it('treats a gateway answering after the timeout as unknown, then reconciles it: sent once', async () => {
    const { id } = await queueCode(10);
    gateway.latencyMs = 400;
    const worker = createNotificationWorker(database.db, gatewaySenders({ SMS_GATEWAY_TIMEOUT_MS: '150' }), fastRetries);
    await worker.runOnce();
    expect(await findNotification(database.db, id)).toMatchObject({ status: 'unknown', last_error: 'gateway_timeout' });

    gateway.latencyMs = 0;
    await sql`update notification set next_attempt_at = now() where id = ${id}`.execute(database.db);
    await worker.runOnce();
    expect(await findNotification(database.db, id)).toMatchObject({ status: 'sent', provider_message_id: gateway.sent.get(id)?.id });
    expect(gateway.lookups).toEqual([id]);
    expect(postsOf(id)).toBe(1);
  });

  it('reconciles a message whose worker died mid-send once the lease runs out, never sending it twice', async () => {
    const { id } = await queueCode(11);
    const real = gatewaySenders().sms;
    // The gateway has the message, then the worker dies before hearing back (and stops renewing its lease).
    const dying = createNotificationWorker(
      database.db,
      { sms: { send: (message) => (void real.send(message), new Promise(() => {})) }, email: gatewaySenders().email },
      fastRetries,
    );
    void dying.runOnce();
    await waitFor(async () => postsOf(id) === 1);
    await sql`update notification set claimed_at = now() - interval '2 minutes' where id = ${id}`.execute(database.db);

    await createNotificationWorker(database.db, gatewaySenders(), fastRetries).runOnce();
    expect(await findNotification(database.db, id)).toMatchObject({
      status: 'sent',
      attempts: 2,
      provider_message_id: gateway.sent.get(id)?.id,
    });
    expect(postsOf(id)).toBe(1);
    expect(gateway.sent.get(id)?.count).toBe(1);
  });

  it('renews the lease while a slow send is in flight, so no other worker takes the message', async () => {
    const { id } = await queueCode(12);
    gateway.latencyMs = 900;
    const options = { ...fastRetries, leaseMs: 300 };
    const slow = createNotificationWorker(database.db, gatewaySenders(), options).runOnce();
    await waitFor(async () => postsOf(id) === 1);
    const other = createNotificationWorker(database.db, gatewaySenders(), options);
    for (let round = 0; round < 6; round++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await other.runOnce();
    }
    await slow;
    expect(await findNotification(database.db, id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(postsOf(id)).toBe(1);
  });

  it('on stop past the grace period, hands the sends still in flight on as unknown, not queued', async () => {
    const { id } = await queueCode(13);
    gateway.latencyMs = 2000;
    const worker = createNotificationWorker(database.db, gatewaySenders(), { ...fastRetries, pollIntervalMs: 60_000 });
    worker.start();
    await waitFor(async () => postsOf(id) === 1);
    await worker.stop(100);
    expect(await findNotification(database.db, id)).toMatchObject({ status: 'unknown', last_error: 'worker_stopped', claimed_at: null });
  });

  it('stops cleanly: the batch in flight finishes and no timer is left', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    gateway.latencyMs = 100;
    await Promise.all([queueCode(8), queueCode(9)]);
    const worker = createNotificationWorker(database.db, gatewaySenders(), { ...fastRetries, pollIntervalMs: 60_000 });
    worker.start();
    await waitFor(async () => gateway.requests.length === 2);
    await worker.stop();
    const rows = await database.db.selectFrom('notification').select('status').execute();
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent']);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe('retry delays', () => {
  it('double from the base up to the cap, with at most 20 % jitter', () => {
    const options = { retryBaseMs: 1000, retryMaxMs: 10_000 };
    for (const [attempts, base] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [4, 8000],
      [5, 10_000],
      [12, 10_000],
    ] as const) {
      const delay = retryDelay(attempts, options);
      expect(delay).toBeGreaterThanOrEqual(base);
      expect(delay).toBeLessThanOrEqual(base * 1.2);
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
