import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../http/api-client.ts';
import {
  addToOutbox,
  closeGuichetDb,
  countOutbox,
  databaseName,
  getOutboxEntry,
  listOutbox,
  listSent,
  onOutboxMessage,
  outboxMaxAgeMs,
  type OutboxEntry,
  type OutboxMessage,
} from './outbox.ts';
import { replayOutbox, sendNow, type Sender } from './replay.ts';

const callback = (key: string) => ({
  key,
  kind: 'callback-request' as const,
  url: '/api/callback-requests',
  body: { phone: '0612345678', topic: 'school', window: 'any' },
  formValues: { phone: '06 12 34 56 78', topic: 'school', window: 'any' },
});

/** A server that answers each call with the next status in the list, and records what it received. */
function server(...answers: number[]): Sender & { received: OutboxEntry[] } {
  const received: OutboxEntry[] = [];
  const send = async (entry: OutboxEntry): Promise<ApiResult<unknown>> => {
    received.push(entry);
    const status = answers.shift() ?? 201;
    if (status === 0) return { ok: false, status: 0, error: { error: 'network' } };
    if (status < 300) return { ok: true, status, body: { reference: `RAP-${entry.key.slice(-4)}` }, headers: new Headers() };
    return {
      ok: false,
      status,
      error: { error: status === 422 ? 'validation' : 'internal', fields: { phone: 'callback:errors.phone_invalid' } },
    };
  };
  return Object.assign(send, { received });
}

afterEach(async () => {
  await closeGuichetDb();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(databaseName);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
});

describe('the outbox', () => {
  it('keeps a write with its idempotency key, time and state, oldest first', async () => {
    await addToOutbox(callback('key-second-0000000000'), 2000);
    await addToOutbox(callback('key-first-00000000000'), 1000);
    const entries = await listOutbox();
    expect(entries.map((entry) => entry.key)).toEqual(['key-first-00000000000', 'key-second-0000000000']);
    expect(entries[0]).toMatchObject({ createdAt: 1000, state: 'pending', attempts: 0, method: 'POST', url: '/api/callback-requests' });
    expect(await countOutbox()).toEqual({ pending: 2, needsAttention: 0 });
  });

  it('sends every pending entry once and records what the server answered', async () => {
    await addToOutbox(callback('key-one-0000000000001'));
    await addToOutbox(callback('key-two-0000000000002'));
    const send = server(201, 201);
    const summary = await replayOutbox({ send });
    expect(summary.sent.map((record) => record.key)).toEqual(['key-one-0000000000001', 'key-two-0000000000002']);
    expect(await listOutbox()).toEqual([]);
    expect((await listSent('callback-request')).map((record) => record.response)).toEqual([
      { reference: 'RAP-0002' },
      { reference: 'RAP-0001' },
    ]);
    expect((await replayOutbox({ send })).sent).toEqual([]);
    expect(send.received).toHaveLength(2);
  });

  it('keeps the entry on a server error and on a network error, and stops the round at a network error', async () => {
    await addToOutbox(callback('key-one-0000000000001'), 1);
    await addToOutbox(callback('key-two-0000000000002'), 2);
    await addToOutbox(callback('key-three-00000000003'), 3);
    const send = server(503, 0);
    const summary = await replayOutbox({ send, now: () => 10 });
    expect(summary).toEqual({ sent: [], kept: 3, needsAttention: 0 });
    expect(send.received.map((entry) => entry.key)).toEqual(['key-one-0000000000001', 'key-two-0000000000002']);
    const entries = await listOutbox();
    expect(entries.map((entry) => [entry.state, entry.attempts])).toEqual([
      ['pending', 1],
      ['pending', 1],
      ['pending', 0],
    ]);
  });

  it('moves a refused write (4xx) to "needs your attention" with the reason, and never sends it again', async () => {
    await addToOutbox(callback('key-refused-000000001'));
    const send = server(422);
    const summary = await replayOutbox({ send });
    expect(summary.needsAttention).toBe(1);
    const entry = await getOutboxEntry('key-refused-000000001');
    expect(entry).toMatchObject({
      state: 'needs-attention',
      attention: { kind: 'refused', status: 422, error: { error: 'validation' } },
      formValues: { phone: '06 12 34 56 78' },
    });
    await replayOutbox({ send });
    expect(send.received).toHaveLength(1);
    expect(await countOutbox()).toEqual({ pending: 0, needsAttention: 1 });
  });

  it('retries a 409 (the key is still being processed) and a 429 rather than asking the citizen', async () => {
    await addToOutbox(callback('key-busy-0000000000001'));
    const send = server(409, 429, 201);
    await replayOutbox({ send });
    await replayOutbox({ send });
    expect(await countOutbox()).toEqual({ pending: 1, needsAttention: 0 });
    expect((await replayOutbox({ send })).sent).toHaveLength(1);
  });

  it('shows an entry too old to send instead of sending or dropping it', async () => {
    await addToOutbox(callback('key-old-00000000000001'), 0);
    const send = server();
    const summary = await replayOutbox({ send, now: () => outboxMaxAgeMs + 1 });
    expect(summary.needsAttention).toBe(1);
    expect(send.received).toEqual([]);
    expect(await getOutboxEntry('key-old-00000000000001')).toMatchObject({ state: 'needs-attention', attention: { kind: 'expired' } });
  });

  it('never sends the same entry twice when two senders start together', async () => {
    await addToOutbox(callback('key-race-000000000001'));
    const send = server(201, 201);
    const [replayed, direct] = await Promise.all([replayOutbox({ send }), sendNow('key-race-000000000001', { send })]);
    expect(send.received).toHaveLength(1);
    expect(replayed.sent.length + (direct.kind === 'sent' ? 1 : 0)).toBe(1);
  });

  it('tells listeners what was sent', async () => {
    const messages: OutboxMessage[] = [];
    const stop = onOutboxMessage((message) => messages.push(message));
    await addToOutbox(callback('key-told-000000000001'));
    await replayOutbox({ send: server(201) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(messages.map((message) => message.type)).toContain('sent');
  });
});
