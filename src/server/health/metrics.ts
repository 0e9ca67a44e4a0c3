import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { countWaitingCallbackRequests } from '../callback/callback-request.repository.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { countReplayedResponses } from '../http/idempotency.ts';
import { notificationQueueStats } from '../notifications/notification.repository.ts';

/**
 * `/metrics` in Prometheus' text format: requests by route and status with their latency, and, read
 * from the database at each scrape (so every instance reports the same cluster-wide figures), the
 * notification queue, the call-back queue and the writes answered from the idempotency table.
 *
 * Readable with `Authorization: Bearer <METRICS_TOKEN>` when the token is set; without one, only by
 * a caller on this machine that came through no proxy (no `X-Forwarded-For`).
 */
export const metricsPlugin = fp(async function metrics(app: FastifyInstance, options: { db: Db; token: string | undefined }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'guichet_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const latency = new Histogram({
    name: 'guichet_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [registry] });
  const databaseUp = gauge('guichet_database_up', '1 when the database answered this scrape');
  const notificationsDue = gauge(
    'guichet_notification_queue_due',
    'Messages due to be sent now (queued, unknown, or held past their lease)',
  );
  const oldestDue = gauge('guichet_notification_oldest_due_age_seconds', 'How long the oldest due message has waited');
  const callbacksWaiting = gauge('guichet_callback_queue_length', 'Call-back requests waiting for a call');
  const replays = gauge(
    'guichet_idempotent_replays',
    'Writes answered from the idempotency table (an outbox or a client retrying), all instances',
  );

  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, never the raw URL: one series per route, whatever the ids in the path.
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  // Open to the operator only: a bearer METRICS_TOKEN, or loopback without a proxy (checked below).
  app.get('/metrics', { config: { access: 'public' } }, async (request, reply) => {
    if (!allowed(request, options.token)) throw new HttpError('forbidden');
    try {
      const [queue, waiting, replayed] = await Promise.all([
        notificationQueueStats(options.db),
        countWaitingCallbackRequests(options.db),
        countReplayedResponses(options.db),
      ]);
      notificationsDue.set(queue.due);
      oldestDue.set(queue.oldestDueSeconds);
      callbacksWaiting.set(waiting);
      replays.set(replayed);
      databaseUp.set(1);
    } catch {
      // The request metrics still help most while the database is away.
      databaseUp.set(0);
    }
    return reply
      .header('content-type', registry.contentType)
      .header('cache-control', 'no-store')
      .send(await registry.metrics());
  });
});

function allowed(request: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const given = Buffer.from(request.headers.authorization ?? '');
    const expected = Buffer.from(`Bearer ${token}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
  return loopback && request.headers['x-forwarded-for'] === undefined;
}
