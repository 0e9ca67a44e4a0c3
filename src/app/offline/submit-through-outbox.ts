import { sendJson, type ApiResult } from '../http/api-client.ts';
import { addToOutbox, deleteOutboxEntry, getSentRecord, StorageFullError, type NewOutboxEntry, type SentRecord } from './outbox.ts';
import { sendNow, syncTag } from './replay.ts';

/** A write that went through the outbox: sent, refused (shown on the form), or saved on the device to be sent later. */
export type OutboxSubmission<Body> = ApiResult<Body> & { saved?: boolean; storageFull?: boolean };

/**
 * Every write of the app goes here: it is first kept on the device, then sent at once. When the
 * network is missing (or the server fails) it stays, to be sent by Background Sync or the page's
 * own replay; when the server refuses it, the citizen is looking at the form: it is dropped from
 * the outbox and the answer shown there. `replaces`: the entry the citizen was fixing.
 */
export async function submitThroughOutbox<Body>(input: NewOutboxEntry, replaces?: string): Promise<OutboxSubmission<Body>> {
  const submission = await submit<Body>(input);
  // Sent again from its form after "needs your attention": the old entry is this one now.
  if (replaces && (submission.ok || submission.saved)) await deleteOutboxEntry(replaces);
  return submission;
}

async function submit<Body>(input: NewOutboxEntry): Promise<OutboxSubmission<Body>> {
  try {
    await addToOutbox(input);
  } catch (error) {
    // No room (or no IndexedDB at all, as in some private modes): send directly, and say so if it fails.
    const direct = await sendJson<Body>(input.url, input.body, { idempotencyKey: input.key, method: input.method ?? 'POST' });
    return error instanceof StorageFullError ? { ...direct, storageFull: true } : direct;
  }
  const outcome = await sendNow(input.key);
  switch (outcome.kind) {
    case 'sent':
      return sentResult<Body>(outcome.record);
    case 'needs-attention': {
      await deleteOutboxEntry(input.key);
      const reason = outcome.entry.attention;
      return reason?.kind === 'refused'
        ? { ok: false, status: reason.status, error: reason.error }
        : { ok: false, status: 400, error: { error: 'expired' } };
    }
    case 'gone': {
      // Another sender (a replay in another tab) took it first: its answer is in the sent list.
      const record = await getSentRecord(input.key);
      if (record) return sentResult<Body>(record);
      return { ok: false, status: 0, error: { error: 'network' }, saved: true };
    }
    case 'kept':
      // Only now: a sync registered earlier could have the service worker race this page for it.
      await requestBackgroundSync();
      return { ok: false, status: 0, error: { error: 'network' }, saved: true };
  }
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
