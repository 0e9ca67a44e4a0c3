import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getJson } from '../http/api-client.ts';
import { isSignedOut, onSignedOut } from '../session/signed-out.ts';
import {
  addToOutbox,
  closeGuichetDb,
  countOutbox,
  databaseName,
  getOutboxEntry,
  listSent,
  onOutboxMessage,
  type OutboxMessage,
} from './outbox.ts';
import { replayOutbox, type Sender } from './replay.ts';
import { submitThroughOutbox } from './submit-through-outbox.ts';

/**
 * When the session has ended (any 401), nothing the citizen sent is lost or called sent: the
 * outbox keeps it as waiting for sign-in and sends it once they have signed in again, and the
 * page is told it is signed out, once, whichever request met the 401.
 */
const dossier = (key: string) => ({
  key,
  kind: 'dossier-submission' as const,
  url: '/api/dossiers',
  body: { procedure: 'civil-status-certificate', answers: { act: 'birth' } },
  formValues: { act: 'birth' },
});
const callback = (key: string) => ({
  key,
  kind: 'callback-request' as const,
  url: '/api/callback-requests',
  body: { phone: '0612345678', topic: 'school', window: 'any' },
  formValues: { phone: '06 12 34 56 78', topic: 'school', window: 'any' },
});

/** A server that answers a signed-in write while `signedIn`, and 401 `sign_in_required` otherwise; call-backs need no sign-in. */
function server(): Sender & { signedIn: boolean; received: string[] } {
  const self: Sender & { signedIn: boolean; received: string[] } = Object.assign(
    async (entry: Parameters<Sender>[0]) => {
      self.received.push(entry.key);
      if (entry.kind === 'dossier-submission' && !self.signedIn)
        return { ok: false as const, status: 401, error: { error: 'sign_in_required' } };
      return { ok: true as const, status: 201, body: { reference: `GU-${entry.key.slice(-4)}` }, headers: new Headers() };
    },
    { signedIn: false, received: [] as string[] },
  );
  return self;
}

afterEach(async () => {
  vi.unstubAllGlobals();
  await closeGuichetDb();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(databaseName);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
});

describe('the outbox when the session has ended', () => {
  it('keeps a write refused with 401 as waiting for sign-in (never sent, never "needs attention"), goes on with the rest, and sends it after sign-in', async () => {
    const messages: OutboxMessage[] = [];
    const stop = onOutboxMessage((message) => messages.push(message));
    await addToOutbox(dossier('key-dossier-00000001'), Date.now() - 2);
    await addToOutbox(callback('key-callback-0000001'), Date.now() - 1);
    const send = server();

    const first = await replayOutbox({ send });
    expect(first).toMatchObject({ kept: 0, needsAttention: 0, waitingForSignIn: 1 });
    expect(first.sent.map((record) => record.key)).toEqual(['key-callback-0000001']);
    expect(await getOutboxEntry('key-dossier-00000001')).toMatchObject({
      state: 'waiting-for-sign-in',
      attempts: 1,
      body: { answers: { act: 'birth' } },
      formValues: { act: 'birth' },
    });
    expect(await countOutbox()).toEqual({ pending: 0, needsAttention: 0, waitingForSignIn: 1 });
    expect(await listSent('dossier-submission')).toEqual([]);

    // Still signed out: tried again at the next round, still waiting.
    await replayOutbox({ send });
    expect(await countOutbox()).toEqual({ pending: 0, needsAttention: 0, waitingForSignIn: 1 });

    send.signedIn = true;
    const after = await replayOutbox({ send });
    expect(after.sent.map((record) => record.key)).toEqual(['key-dossier-00000001']);
    expect(await countOutbox()).toEqual({ pending: 0, needsAttention: 0, waitingForSignIn: 0 });
    expect((await listSent('dossier-submission')).map((record) => record.response)).toEqual([{ reference: 'GU-0001' }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    // "Sent" was said for the call-back, then for the dossier only once it really went.
    const sentKeys = messages.flatMap((message) => (message.type === 'sent' ? message.records.map((record) => record.key) : []));
    expect(sentKeys).toEqual(['key-callback-0000001', 'key-dossier-00000001']);
  });

  it('a form sent after the end: answered 401 with waitingForSignIn, its entry kept; the page told it is signed out, once', async () => {
    const told: string[] = [];
    const stopListening = onSignedOut(() => told.push('signed out'));
    expect(isSignedOut()).toBe(false);
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      if (String(input) === '/api/csrf') return Response.json({ token: 'csrf-token' });
      return Response.json({ error: 'sign_in_required' }, { status: 401 });
    });

    const submission = await submitThroughOutbox(dossier('key-dossier-00000002'));
    expect(submission).toMatchObject({ ok: false, status: 401, error: { error: 'sign_in_required' }, waitingForSignIn: true });
    expect(submission.saved).toBeUndefined();
    expect(await getOutboxEntry('key-dossier-00000002')).toMatchObject({ state: 'waiting-for-sign-in', formValues: { act: 'birth' } });

    // Another request meets the same end: the page is not told twice.
    expect((await getJson('/api/dossiers')).status).toBe(401);
    expect(told).toEqual(['signed out']);
    expect(isSignedOut()).toBe(true);
    stopListening();
  });

  it('another refusal is not a sign-out: a 403 leaves the page signed in', async () => {
    vi.resetModules();
    const fresh = await import('../session/signed-out.ts');
    const { getJson: freshGet } = await import('../http/api-client.ts');
    vi.stubGlobal('fetch', async () => Response.json({ error: 'forbidden' }, { status: 403 }));
    expect((await freshGet('/api/agent/dossiers')).status).toBe(403);
    expect(fresh.isSignedOut()).toBe(false);
  });
});
