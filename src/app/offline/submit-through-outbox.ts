import type { ApiResult } from '../http/api-client.ts';
import {
  addToOutbox,
  deleteOutboxEntry,
  getSentRecord,
  StorageFullError,
  type NewOutboxEntry,
  type OutboxEntry,
  type SentRecord,
} from './outbox.ts';
import { sendEntry, sendNow, syncTag } from './replay.ts';

/**
 * A write that went through the outbox: sent, refused (shown on the form), or saved on the device to
 * be sent later: when the network is back (`saved`), or once the citizen has signed in again
 * (`waitingForSignIn`, with the 401 as the result).
 */
export type OutboxSubmission<Body> = ApiResult<Body> & { saved?: boolean; storageFull?: boolean; waitingForSignIn?: boolean };

/**
 * Every write of the app goes here: it is first kept on the device, then sent at once. When the
 * network is missing (or the server fails) it stays, to be sent by Background Sync or the page's
 * own replay; when the server refuses it, the citizen is looking at the form: it is dropped from
 * the outbox and the answer shown there. `replaces`: the entry the citizen was fixing.
 */
export async function submitThroughOutbox<Body>(
  input: NewOutboxEntry,
  replaces?: string,
  options: SubmitOptions = {},
): Promise<OutboxSubmission<Body>> {
  const submission = await submit<Body>(input, options);
  // Sent again from its form after "needs your attention": the old entry is this one now.
  if (replaces && (submission.ok || submission.saved || submission.waitingForSignIn)) await deleteOutboxEntry(replaces);
  return submission;
}

export interface SubmitOptions {
  /** How much of an upload the server has. */
  onProgress?(sent: number, total: number): void;
  /** The device is full: the write is being sent directly, without a copy kept here (a big file can take a while). */
  onStorageFull?(): void;
}

async function submit<Body>(input: NewOutboxEntry, options: SubmitOptions): Promise<OutboxSubmission<Body>> {
  try {
    await addToOutbox(input);
  } catch (error) {
    // No room (or no IndexedDB at all, as in some private modes): send directly, and say so if it fails.
    const storageFull = error instanceof StorageFullError;
    if (storageFull) options.onStorageFull?.();
    const direct = await sendDirectly<Body>(input, options);
    return storageFull ? { ...direct, storageFull: true } : direct;
  }
  return resendThroughOutbox<Body>(input.key, options);
}

/** Sends now an entry already kept on the device, for the form that is waiting for it; the same answers as a first send. */
export async function resendThroughOutbox<Body>(
  key: string,
  options: Pick<SubmitOptions, 'onProgress'> = {},
): Promise<OutboxSubmission<Body>> {
  const outcome = await sendNow(key, options.onProgress ? { onProgress: options.onProgress } : {});
  switch (outcome.kind) {
    case 'sent':
      return sentResult<Body>(outcome.record);
    case 'needs-attention': {
      await deleteOutboxEntry(key);
      const reason = outcome.entry.attention;
      return reason?.kind === 'refused'
        ? { ok: false, status: reason.status, error: reason.error }
        : { ok: false, status: 400, error: { error: 'expired' } };
    }
    case 'waiting-for-sign-in':
      // Not sent, and not dropped: the form says the session ended, the outbox sends it after sign-in.
      return { ok: false, status: 401, error: { error: 'sign_in_required' }, waitingForSignIn: true };
    case 'gone': {
      // Another sender (a replay in another tab) took it first: its answer is in the sent list.
      const record = await getSentRecord(key);
      if (record) return sentResult<Body>(record);
      return { ok: false, status: 0, error: { error: 'network' }, saved: true };
    }
    case 'kept':
      // Only now: a sync registered earlier could have the service worker race this page for it.
      await requestBackgroundSync();
      return { ok: false, status: 0, error: { error: 'network' }, saved: true };
  }
}

/** The same protocol as a replay; an upload's progress is not kept anywhere, there is no room for it. */
async function sendDirectly<Body>(input: NewOutboxEntry, options: SubmitOptions): Promise<ApiResult<Body>> {
  const entry: OutboxEntry = { method: 'POST', ...input, createdAt: Date.now(), state: 'pending', attempts: 0 };
  const result = await sendEntry(entry, {
    remember: async () => undefined,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return result as ApiResult<Body>;
}

/**
 * For a form, kept on the device to be sent later is not a failure: the submission starts a new
 * idempotency key, the way a sent one does. `body` stands for the server's answer until then.
 */
export function savedAsSent<Body>(submission: OutboxSubmission<Body>, body: Body): OutboxSubmission<Body> {
  return submission.saved ? { ok: true, status: 202, body, headers: new Headers(), saved: true } : submission;
}

function sentResult<Body>(record: SentRecord): OutboxSubmission<Body> {
  return { ok: true, status: 200, body: record.response as Body, headers: new Headers() };
}

/** Asks the browser to wake the service worker when the network is back (Chromium has it; Firefox and Safari do not). */
export async function requestBackgroundSync(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration();
  const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
  await sync?.register(syncTag).catch(() => undefined);
}
