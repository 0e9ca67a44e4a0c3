import { isRetryable, needsSignIn } from '../../shared/error-codes.ts';
import { sendResumableUpload } from '../documents/resumable-upload.ts';
import { sendJson, type ApiResult } from '../http/api-client.ts';
import { announce, openGuichetDb, outboxMaxAgeMs, type OutboxEntry, type PendingUpload, type SentRecord } from './outbox.ts';

/** How one attempt ended, for the form that sent it at once or for the status area. */
export type SendOutcome =
  | { kind: 'sent'; record: SentRecord }
  | { kind: 'kept'; status: number }
  | { kind: 'needs-attention'; entry: OutboxEntry }
  | { kind: 'waiting-for-sign-in'; entry: OutboxEntry }
  | { kind: 'gone' };

export interface ReplaySummary {
  sent: SentRecord[];
  kept: number;
  needsAttention: number;
  waitingForSignIn: number;
}

export interface SendHooks {
  /** Keeps what the server already has of an upload, so a later attempt resumes there. */
  remember(upload: PendingUpload): Promise<void>;
  onProgress?(sent: number, total: number): void;
}

export type Sender = (entry: OutboxEntry, hooks: SendHooks) => Promise<ApiResult<unknown>>;

export interface SendOptions {
  send?: Sender;
  now?: () => number;
  /** How much of an upload the server has: for the form that sends it now. */
  onProgress?(sent: number, total: number): void;
}

/** Each kind by its protocol: a document as a resumable upload, every other write as JSON. */
export const sendEntry: Sender = (entry, hooks) =>
  entry.kind === 'document-upload' && entry.upload
    ? sendResumableUpload(entry.upload, entry.body, hooks)
    : sendJson(entry.url, entry.body, { idempotencyKey: entry.key, method: entry.method });

/** The Background Sync tag the service worker answers. */
export const syncTag = 'guichet-outbox';

/** Entries a round tries: those waiting for the network, and those waiting for a sign-in (which may have happened since). */
const sendable = (entry: OutboxEntry) => entry.state === 'pending' || entry.state === 'waiting-for-sign-in';

/**
 * Sends every pending entry, oldest first. Pages and the service worker may both try at once
 * (start-up, `online`, Background Sync): a lock lets one through at a time, and each entry is read
 * again inside it, so a write that one of them just sent is not sent twice.
 * A network error stops the round (the next entries would fail the same way); a 401 does not, for
 * the next may need no sign-in (a call-back request).
 */
export async function replayOutbox(options: SendOptions = {}): Promise<ReplaySummary> {
  return withOutboxLock(async () => {
    const db = await openGuichetDb();
    const keys = (await db.getAllFromIndex('outbox', 'by-created')).filter(sendable).map((entry) => entry.key);
    const summary: ReplaySummary = { sent: [], kept: 0, needsAttention: 0, waitingForSignIn: 0 };
    for (const [index, key] of keys.entries()) {
      const outcome = await attempt(key, options);
      if (outcome.kind === 'sent') summary.sent.push(outcome.record);
      if (outcome.kind === 'needs-attention') summary.needsAttention += 1;
      if (outcome.kind === 'waiting-for-sign-in') summary.waitingForSignIn += 1;
      if (outcome.kind === 'kept') {
        summary.kept += 1;
        if (outcome.status === 0) {
          summary.kept += keys.length - index - 1;
          break;
        }
      }
    }
    if (summary.sent.length > 0) announce({ type: 'sent', records: summary.sent });
    else if (summary.needsAttention > 0 || summary.waitingForSignIn > 0) announce({ type: 'changed' });
    return summary;
  });
}

/** Sends one entry now (the form that just saved it); the same rules as a replay. */
export async function sendNow(key: string, options: SendOptions = {}): Promise<SendOutcome> {
  const outcome = await withOutboxLock(() => attempt(key, options));
  if (outcome.kind === 'sent') announce({ type: 'sent', records: [outcome.record] });
  else if (outcome.kind === 'needs-attention' || outcome.kind === 'waiting-for-sign-in') announce({ type: 'changed' });
  return outcome;
}

async function attempt(key: string, options: SendOptions): Promise<SendOutcome> {
  const now = options.now ?? Date.now;
  const db = await openGuichetDb();
  const entry = await db.get('outbox', key);
  if (!entry || !sendable(entry)) return { kind: 'gone' };
  if (now() - entry.createdAt > outboxMaxAgeMs) {
    const expired: OutboxEntry = { ...entry, state: 'needs-attention', attention: { kind: 'expired' } };
    await db.put('outbox', expired);
    return { kind: 'needs-attention', entry: expired };
  }
  let current = entry;
  const remember = async (upload: PendingUpload) => {
    // Removed by the citizen while it was on its way: stop, and do not bring it back.
    if (!(await db.get('outbox', key))) throw new EntryRemovedError();
    current = { ...current, upload };
    await db.put('outbox', current);
  };
  let result: ApiResult<unknown>;
  try {
    result = await (options.send ?? sendEntry)(entry, { remember, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  } catch (error) {
    if (error instanceof EntryRemovedError) return { kind: 'gone' };
    throw error;
  }
  const tried = { ...current, attempts: current.attempts + 1, lastAttemptAt: now() };
  if (result.ok) {
    const record: SentRecord = { key, kind: entry.kind, sentAt: now(), response: result.body };
    const transaction = db.transaction(['outbox', 'sent'], 'readwrite');
    await Promise.all([transaction.objectStore('outbox').delete(key), transaction.objectStore('sent').put(record), transaction.done]);
    return { kind: 'sent', record };
  }
  if (!result.ok && needsSignIn(result.status, result.error.error)) {
    // Kept exactly as it is: the same answers go once the citizen has signed in again.
    const waiting: OutboxEntry = { ...tried, state: 'waiting-for-sign-in' };
    await db.put('outbox', waiting);
    return { kind: 'waiting-for-sign-in', entry: waiting };
  }
  if (isWorthRetrying(result)) {
    await db.put('outbox', tried);
    return { kind: 'kept', status: result.status };
  }
  const refused: OutboxEntry = {
    ...tried,
    state: 'needs-attention',
    attention: { kind: 'refused', status: result.status, error: result.error },
  };
  await db.put('outbox', refused);
  return { kind: 'needs-attention', entry: refused };
}

class EntryRemovedError extends Error {}

/**
 * The registry (src/shared/error-codes.ts) says which refusals a later attempt can get past: a
 * network drop, a server failure, "still in progress", "too many requests", a CSRF refusal (the
 * cookie changed under us; the next attempt reads it again). A business refusal (`slot_taken`…)
 * or an invalid answer needs the citizen, at once.
 */
export function isWorthRetrying(result: ApiResult<unknown>): boolean {
  return !result.ok && isRetryable(result.status, result.error.error);
}

let localQueue: Promise<unknown> = Promise.resolve();

/** One sender at a time across pages and the service worker (Web Locks), or within this context where those are missing. */
function withOutboxLock<Result>(work: () => Promise<Result>): Promise<Result> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks) return locks.request('guichet-outbox', work);
  const next = localQueue.then(work, work);
  localQueue = next.catch(() => undefined);
  return next;
}
