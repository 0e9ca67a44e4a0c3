import { afterAll, describe, expect, it } from 'vitest';
import { startFakeSmsGateway, type FakeSmsGateway } from '../support/fake-sms-gateway.ts';
import { httpDevice, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { processDatabase } from '../support/process-database.ts';
import { databaseKinds } from '../support/test-database.ts';

const callback = (index: number) => ({
  phone: `06 12 34 ${String(10 + (index % 90))} 78`,
  topic: 'school',
  window: 'morning',
  name: 'Camille',
});
const key = (index: number) => `shutdown-key-${String(index).padStart(8, '0')}`;

describe.each(databaseKinds)('SIGTERM under load on %s', (kind) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('loses no acknowledged write and sends no SMS twice', { timeout: 180_000 }, async () => {
    const database = await processDatabase(kind);
    cleanups.push(database.drop);
    const gateway: FakeSmsGateway = await startFakeSmsGateway();
    cleanups.push(gateway.close);
    // Slow enough that sends are in flight when the signal comes.
    gateway.latencyMs = 300;
    const environment = {
      ...database.environment,
      SMS_GATEWAY_URL: gateway.url,
      SMS_GATEWAY_TOKEN: 'gateway-token',
      NOTIFICATION_POLL_INTERVAL_MS: '50',
      SHUTDOWN_GRACE_SECONDS: '5',
    };
    const server: ServerProcess = await startServerProcess(environment);
    cleanups.push(async () => server.child.kill('SIGKILL'));

    const device = httpDevice();
    const acknowledged = new Map<number, string>();
    let sent = 0;
    const client = async () => {
      while (server.child.exitCode === null) {
        const index = sent++;
        try {
          const response = await device.postJson(`${server.url}/api/callback-requests`, callback(index), key(index));
          if (response.status === 201) acknowledged.set(index, ((await response.json()) as { reference: string }).reference);
        } catch {
          // Refused or cut off: not acknowledged, the outbox keeps it for the next instance.
          return;
        }
      }
    };
    const clients = [client(), client(), client()];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    server.child.kill('SIGTERM');
    expect(await server.exited, server.output()).toBe(0);
    await Promise.all(clients);
    expect(acknowledged.size).toBeGreaterThan(0);

    // What the outbox still holds is replayed against a new instance, which also sends what is left.
    const next = await startServerProcess(environment);
    cleanups.push(async () => next.child.kill('SIGKILL'));
    gateway.latencyMs = 0;
    for (let index = 0; index < sent; index++) {
      const response = await device.postJson(`${next.url}/api/callback-requests`, callback(index), key(index));
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      // An acknowledged write answers with the same reference: it was kept, not written again.
      if (acknowledged.has(index)) expect(reference).toBe(acknowledged.get(index));
    }
    // Every call-back request queued one confirmation: wait for the gateway to have them all.
    const deadline = Date.now() + 60_000;
    while (gateway.sent.size < sent && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);

    await database.use(async (db) => {
      const rows = await db.selectFrom('callback_request').select('reference').execute();
      expect(rows).toHaveLength(sent);
      for (const reference of acknowledged.values()) expect(rows.map((row) => row.reference)).toContain(reference);
      const notifications = await db.selectFrom('notification').select(['id', 'status']).execute();
      expect(notifications).toHaveLength(sent);
      for (const notification of notifications) {
        const posts = gateway.requests.filter((request) => request.body.reference === notification.id).length;
        expect({ id: notification.id, status: notification.status, posts }).toEqual({ id: notification.id, status: 'sent', posts: 1 });
      }
    });
  });
});
