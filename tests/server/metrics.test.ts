import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueNotification } from '../../src/server/notifications/notification.service.ts';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { visitor } from '../support/visitor.ts';

const token = 'metrics-token-0123456789abcdef0123456789';

describe.each(databaseKinds)('GET /metrics on %s', (kind) => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp(kind, { METRICS_TOKEN: token });
  });
  afterAll(() => test.close());

  const scrape = () => test.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
  /** The value of one sample line, e.g. `guichet_callback_queue_length 1`. */
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('refuses a scrape without the token, or with another one', async () => {
    expect((await test.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(403);
    const wrong = await test.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${token.replace('0', '1')}` },
    });
    expect(wrong.statusCode).toBe(403);
  });

  it('counts requests by route pattern and status, with latency histograms', async () => {
    await test.app.inject({ method: 'GET', url: '/healthz' });
    await test.app.inject({ method: 'GET', url: '/api/callback-requests/RC-NOPE' });
    const response = await scrape();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(response.body).toContain('# TYPE guichet_http_requests_total counter');
    expect(response.body).toMatch(/guichet_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1\b/);
    // The route's pattern, not the reference in the URL.
    expect(response.body).toMatch(
      /guichet_http_requests_total\{method="GET",route="\/api\/callback-requests\/:reference",status="404"\} 1\b/,
    );
    expect(response.body).toContain('# TYPE guichet_http_request_duration_seconds histogram');
    expect(response.body).toMatch(
      /guichet_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/healthz",status="200"\} 1\b/,
    );
    expect(response.body).toContain('process_resident_memory_bytes');
  });

  it('reports the notification queue, the call-back queue and the replayed writes', async () => {
    const before = await scrape();
    expect(sample(before.body, 'guichet_database_up')).toBe(1);
    expect(sample(before.body, 'guichet_notification_queue_due')).toBe(0);
    expect(sample(before.body, 'guichet_callback_queue_length')).toBe(0);
    expect(sample(before.body, 'guichet_idempotent_replays')).toBe(0);

    await queueNotification(test.database.db, {
      channel: 'sms',
      to: '+33612345678',
      template: 'phone_verification_code',
      language: 'fr',
      params: { code: '123456', minutes: 15 },
      sendAt: new Date(Date.now() - 90_000),
    });
    const citizen = await visitor(test.app);
    const body = { phone: '06 12 34 56 78', topic: 'school', window: 'morning', name: 'Camille' };
    const first = await citizen.postJson('/api/callback-requests', body, { idempotencyKey: 'key-metrics-replay-000001' });
    expect(first.statusCode).toBe(201);
    for (let replay = 0; replay < 2; replay++) {
      const again = await citizen.postJson('/api/callback-requests', body, { idempotencyKey: 'key-metrics-replay-000001' });
      expect(again.headers['idempotent-replayed']).toBe('true');
    }

    const after = await scrape();
    // The call-back request queued its confirmation SMS too.
    expect(sample(after.body, 'guichet_notification_queue_due')).toBe(2);
    expect(sample(after.body, 'guichet_notification_oldest_due_age_seconds')).toBeGreaterThanOrEqual(89);
    expect(sample(after.body, 'guichet_callback_queue_length')).toBe(1);
    expect(sample(after.body, 'guichet_idempotent_replays')).toBe(2);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp('pglite');
  });
  afterAll(() => test.close());

  it('answers a caller on this machine, never one that came through a proxy or from elsewhere', async () => {
    expect((await test.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    const proxied = await test.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(403);
    expect((await test.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(403);
  });
});
