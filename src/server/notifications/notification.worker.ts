import { maxSmsSegments, prepareSmsText } from '../../shared/sms-segments.ts';
import type { Db } from '../db/database.ts';
import { DeliveryError, type NotificationSenders, type SentMessage } from './notification-channel.ts';
import { isNotificationTemplate, renderNotification, TemplateError, type NotificationTemplates } from './notification-templates.ts';
import {
  claimDueNotifications,
  markNotificationFailed,
  markNotificationSent,
  markNotificationUnknown,
  renewNotificationClaim,
  scheduleNotificationRetry,
  type ClaimedNotification,
} from './notification.repository.ts';

export interface NotificationWorkerOptions {
  /** How long to wait when nothing is due. */
  pollIntervalMs: number;
  /** Messages claimed (and sent side by side) at a time. */
  batchSize: number;
  /** Attempts before a message is `failed`. */
  maxAttempts: number;
  /** Wait after the first failed attempt; doubled after each further one, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A claim is renewed every third of this while its send is in flight; a silent worker's claim is retaken after it. */
  leaseMs: number;
  foldAccents: boolean;
}

/** Only ids, templates and error codes: never a recipient or a text. */
export interface WorkerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface NotificationWorker {
  /** Claims and sends until nothing is due; returns how many messages it settled. */
  runOnce(): Promise<number>;
  /**
   * Stops claiming and waits for the batch in flight, at most `graceMs` (unbounded when omitted);
   * messages still held then are released as `unknown`, to be reconciled by the next worker.
   */
  stop(graceMs?: number): Promise<void>;
}

const silent: WorkerLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** The delay before attempt `attempts + 1`: exponential, capped, with up to 20 % jitter so retries spread out. */
export function retryDelay(attempts: number, options: Pick<NotificationWorkerOptions, 'retryBaseMs' | 'retryMaxMs'>): number {
  const exponential = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  return exponential * (1 + Math.random() * 0.2);
}

/**
 * Sends what the outbox holds. Several workers (one per server instance) can run on the same
 * database: each claim is exclusive (`FOR UPDATE SKIP LOCKED`), so every message goes out once.
 */
export function createNotificationWorker(
  db: Db,
  senders: NotificationSenders,
  options: NotificationWorkerOptions,
  logger: WorkerLogger = silent,
): NotificationWorker & { start(): void } {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<number> | undefined;
  let stopped = false;
  const held = new Map<string, ClaimedNotification>();

  /** Renders and hands the message to its adapter; what it throws is turned into a `DeliveryError`. */
  async function send(row: ClaimedNotification): Promise<{ sent: SentMessage; segments: number | null } | DeliveryError> {
    try {
      if (!isNotificationTemplate(row.template)) return new DeliveryError('unknown_template', false);
      const params = row.params as NotificationTemplates[typeof row.template];
      const rendered = renderNotification(row.channel, row.template, row.language, params, row.reading ?? 'standard');
      if (row.channel === 'email') {
        return {
          sent: await senders.email.send({ to: row.recipient, subject: rendered.subject ?? '', text: rendered.text }),
          segments: null,
        };
      }
      const prepared = prepareSmsText(rendered.text, { foldAccents: options.foldAccents });
      if (prepared.segments.segments > maxSmsSegments) return new DeliveryError('too_many_segments', false);
      const segments = prepared.segments.segments;
      // An earlier attempt may have reached the gateway: ask it before sending again, never resend blindly.
      const known = row.reconcile && senders.sms.lookup ? await senders.sms.lookup(row.id) : undefined;
      if (known) return { sent: known, segments };
      return { sent: await senders.sms.send({ to: row.recipient, text: prepared.text, reference: row.id }), segments };
    } catch (caught) {
      if (caught instanceof DeliveryError) return caught;
      if (caught instanceof TemplateError) return new DeliveryError(caught.code, false);
      logger.error(
        { notification: row.id, errorName: caught instanceof Error ? caught.name : typeof caught },
        'notification adapter threw',
      );
      return new DeliveryError('unexpected', true);
    }
  }

  // Settling is outside `send`'s try: a database error after a successful send must not be taken
  // for a failed send and retried (the lease retakes the message only if the worker goes silent).
  async function deliver(row: ClaimedNotification): Promise<void> {
    const log = { notification: row.id, template: row.template, channel: row.channel, attempt: row.attempts };
    held.set(row.id, row);
    const renewal = setInterval(() => {
      renewNotificationClaim(db, row).catch(() => undefined);
    }, options.leaseMs / 3);
    let outcome: Awaited<ReturnType<typeof send>>;
    try {
      outcome = await send(row);
    } finally {
      clearInterval(renewal);
      held.delete(row.id);
    }
    if (!(outcome instanceof DeliveryError)) {
      await markNotificationSent(db, row, { providerMessageId: outcome.sent.providerMessageId, segments: outcome.segments });
      logger.info(log, 'notification sent');
    } else if (outcome.outcomeUnknown && row.attempts < options.maxAttempts) {
      await markNotificationUnknown(db, row, { error: outcome.code, delayMs: retryDelay(row.attempts, options) });
      logger.warn({ ...log, error: outcome.code }, 'notification outcome unknown: will be reconciled');
    } else if (!outcome.retryable || row.attempts >= options.maxAttempts) {
      await markNotificationFailed(db, row, outcome.code);
      logger.warn({ ...log, error: outcome.code }, 'notification failed');
    } else {
      await scheduleNotificationRetry(db, row, { error: outcome.code, delayMs: retryDelay(row.attempts, options) });
      logger.info({ ...log, error: outcome.code }, 'notification will be retried');
    }
  }

  async function drain(): Promise<number> {
    let settled = 0;
    while (!stopped) {
      const claimed = await claimDueNotifications(db, { limit: options.batchSize, leaseMs: options.leaseMs });
      // One message's settling failing (the database went away) must not hide the others'.
      const results = await Promise.allSettled(claimed.map(deliver));
      const rejected = results.find((result) => result.status === 'rejected');
      if (rejected) throw rejected.reason;
      settled += claimed.length;
      if (claimed.length < options.batchSize) break;
    }
    return settled;
  }

  function runOnce(): Promise<number> {
    inFlight ??= drain().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(async () => {
      timer = undefined;
      try {
        await runOnce();
      } catch (error) {
        logger.error({ errorName: (error as Error)?.name }, 'notification worker cycle failed');
      }
      schedule(options.pollIntervalMs);
    }, delayMs);
  }

  return {
    runOnce,
    start() {
      stopped = false;
      if (!timer && !inFlight) schedule(0);
    },
    async stop(graceMs) {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const settled = inFlight?.catch(() => undefined);
      if (graceMs === undefined) {
        await settled;
        return;
      }
      let grace: NodeJS.Timeout | undefined;
      const outOfTime = new Promise<'out_of_time'>((resolve) => (grace = setTimeout(() => resolve('out_of_time'), graceMs)));
      const finished = await Promise.race([settled, outOfTime]);
      clearTimeout(grace);
      if (finished !== 'out_of_time') return;
      // Sends still in flight may or may not reach the provider: hand them on as `unknown` now,
      // rather than let them wait out the lease, and never as plain `queued` (that would resend blindly).
      await Promise.allSettled([...held.values()].map((row) => markNotificationUnknown(db, row, { error: 'worker_stopped', delayMs: 0 })));
      logger.warn({ released: held.size }, 'notification worker stopped with sends in flight');
    },
  };
}

/** Creates and starts a worker: what `main.ts` calls. */
export function startNotificationWorker(
  db: Db,
  senders: NotificationSenders,
  options: NotificationWorkerOptions,
  logger?: WorkerLogger,
): NotificationWorker {
  const worker = createNotificationWorker(db, senders, options, logger);
  worker.start();
  return worker;
}
