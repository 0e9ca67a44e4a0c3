import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { documentIdHeader, documentUploadPath } from '../../shared/documents.ts';
import { uploadChunkBytes, type DocumentUploaded } from '../documents/resumable-upload.ts';
import type { ApiResult } from '../http/api-client.ts';
import {
  addToOutbox,
  closeGuichetDb,
  countOutbox,
  databaseName,
  deleteOutboxEntry,
  getOutboxEntry,
  listOutbox,
  listSent,
  onOutboxMessage,
  outboxMaxAgeMs,
  type OutboxEntry,
  type OutboxMessage,
  type PendingUpload,
} from './outbox.ts';
import { replayOutbox, sendNow, type Sender } from './replay.ts';
import { submitThroughOutbox } from './submit-through-outbox.ts';

const callback = (key: string) => ({
  key,
  kind: 'callback-request' as const,
  url: '/api/callback-requests',
  body: { phone: '0612345678', topic: 'school', window: 'any' },
  formValues: { phone: '06 12 34 56 78', topic: 'school', window: 'any' },
});

/** What our server answers with each status, unless a test names the code. */
const usualCode: Record<number, string> = { 409: 'request_in_progress', 422: 'validation', 429: 'rate_limited' };

/**
 * A server that answers each call with the next status in the list (or `[status, code]`), and
 * records what it received.
 */
function server(...answers: (number | [number, string])[]): Sender & { received: OutboxEntry[] } {
  const received: OutboxEntry[] = [];
  const send = async (entry: OutboxEntry): Promise<ApiResult<unknown>> => {
    received.push(entry);
    const answer = answers.shift() ?? 201;
    const [status, code] = typeof answer === 'number' ? [answer, usualCode[answer] ?? 'internal'] : answer;
    if (status === 0) return { ok: false, status: 0, error: { error: 'network' } };
    if (status < 300) return { ok: true, status, body: { reference: `RAP-${entry.key.slice(-4)}` }, headers: new Headers() };
    return { ok: false, status, error: { error: code, fields: { phone: 'callback:errors.phone_invalid' } } };
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
    expect(await countOutbox()).toEqual({ pending: 2, needsAttention: 0, waitingForSignIn: 0 });
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
    expect(summary).toEqual({ sent: [], kept: 3, needsAttention: 0, waitingForSignIn: 0 });
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
    expect(await countOutbox()).toEqual({ pending: 0, needsAttention: 1, waitingForSignIn: 0 });
  });

  it('retries a 409 (the key is still being processed) and a 429 rather than asking the citizen', async () => {
    await addToOutbox(callback('key-busy-0000000000001'));
    const send = server(409, 429, 201);
    await replayOutbox({ send });
    await replayOutbox({ send });
    expect(await countOutbox()).toEqual({ pending: 1, needsAttention: 0, waitingForSignIn: 0 });
    expect((await replayOutbox({ send })).sent).toHaveLength(1);
  });

  it('asks the citizen at once when the server refuses for a reason a retry cannot change (the slot was taken)', async () => {
    await addToOutbox(callback('key-taken-00000000001'));
    const send = server([409, 'slot_taken']);
    expect((await replayOutbox({ send })).needsAttention).toBe(1);
    expect(await getOutboxEntry('key-taken-00000000001')).toMatchObject({
      state: 'needs-attention',
      attention: { kind: 'refused', status: 409, error: { error: 'slot_taken' } },
    });
  });

  it('goes by the status for a code it does not know: a 5xx is tried again, a 4xx is shown', async () => {
    await addToOutbox(callback('key-proxy-00000000001'));
    await addToOutbox(callback('key-odd-0000000000001'), 2000);
    await replayOutbox({ send: server([502, 'bad_gateway_page'], [418, 'teapot']) });
    expect(await getOutboxEntry('key-proxy-00000000001')).toMatchObject({ state: 'pending' });
    expect(await getOutboxEntry('key-odd-0000000000001')).toMatchObject({ state: 'needs-attention' });
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

/** A file of `size` bytes whose every byte says where it is, so a wrong offset shows. */
function fileOf(size: number): Blob {
  const bytes = new Uint8Array(size);
  for (let index = 0; index < size; index += 1) bytes[index] = index % 251;
  return new Blob([bytes], { type: 'application/pdf' });
}

/** Whether the server holds exactly the file's bytes (a plain loop: a deep equality of megabytes is slow). */
async function holdsExactly(received: Uint8Array | undefined, file: Blob): Promise<boolean> {
  const expected = new Uint8Array(await file.arrayBuffer());
  if (!received || received.length !== expected.length) return false;
  return expected.every((byte, index) => received[index] === byte);
}

const uploadEntry = (key: string, upload: Partial<PendingUpload> & { file: Blob }) => ({
  key,
  kind: 'document-upload' as const,
  url: documentUploadPath,
  body: { name: 'Avis d’imposition', kind: 'income', expires_on: '', keep: 'yes', filetype: 'application/pdf' },
  formValues: { name: 'Avis d’imposition', kind: 'income', expires_on: '' },
  upload: { fileName: 'avis.pdf', offset: 0, ...upload },
});

/**
 * The tus server as the browser sees it, in memory: creation, HEAD, PATCH, and the document id on
 * the last answer. `answer` may replace any response (a refusal, an outage, a cut connection).
 */
function tusServer() {
  const uploads = new Map<string, { length: number; received: Uint8Array; offset: number; metadata: string }>();
  const calls: string[] = [];
  let answer: ((method: string, url: string) => Response | 'cut' | undefined) | undefined;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    if (url === '/api/csrf') return Response.json({ token: 'csrf-token' });
    const offsetHeader = headers.get('upload-offset');
    calls.push(`${method} ${url}${offsetHeader === null ? '' : ` @${offsetHeader}`}`);
    const replaced = answer?.(method, url);
    if (replaced === 'cut') throw new TypeError('Failed to fetch');
    if (replaced) return replaced;
    expect(headers.get('tus-resumable')).toBe('1.0.0');
    if (method !== 'HEAD') expect(headers.get('x-csrf-token')).toBe('csrf-token');
    if (method === 'POST') {
      const id = `upload-${uploads.size + 1}`;
      const length = Number(headers.get('upload-length'));
      uploads.set(id, { length, received: new Uint8Array(length), offset: 0, metadata: headers.get('upload-metadata') ?? '' });
      return new Response(null, { status: 201, headers: { location: `${documentUploadPath}/${id}` } });
    }
    const upload = uploads.get(url.split('/').pop() ?? '');
    if (!upload) return Response.json({ error: 'not_found' }, { status: 404 });
    const done = (status: number) =>
      new Response(null, {
        status,
        headers: { 'upload-offset': String(upload.offset), ...(upload.offset === upload.length ? { [documentIdHeader]: 'doc-1' } : {}) },
      });
    if (method === 'HEAD') return done(200);
    expect(Number(offsetHeader)).toBe(upload.offset);
    expect(headers.get('content-type')).toBe('application/offset+octet-stream');
    const bytes = new Uint8Array(await (init.body as Blob).arrayBuffer());
    upload.received.set(bytes, upload.offset);
    upload.offset += bytes.length;
    return done(204);
  };
  return Object.assign(fetch, {
    uploads,
    calls,
    answerWith(next: typeof answer) {
      answer = next;
    },
  });
}

describe('document uploads in the outbox', () => {
  let server: ReturnType<typeof tusServer>;
  beforeEach(() => {
    server = tusServer();
    vi.stubGlobal('fetch', server);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sends each kind by its protocol: JSON for a callback, a resumable upload in chunks for a document', async () => {
    const file = fileOf(uploadChunkBytes * 2 + 10);
    await addToOutbox(callback('key-json-00000000000001'), Date.now() - 2);
    await addToOutbox(uploadEntry('key-upload-000000000001', { file }), Date.now() - 1);
    server.answerWith((method, url) =>
      url === '/api/callback-requests' ? Response.json({ reference: 'RAP-1' }, { status: 201 }) : undefined,
    );
    const summary = await replayOutbox();
    expect(summary.sent.map((record) => [record.kind, record.response])).toEqual([
      ['callback-request', { reference: 'RAP-1' }],
      ['document-upload', { documentId: 'doc-1' }],
    ]);
    expect(server.calls).toEqual([
      'POST /api/callback-requests',
      `POST ${documentUploadPath}`,
      `PATCH ${documentUploadPath}/upload-1 @0`,
      `PATCH ${documentUploadPath}/upload-1 @${uploadChunkBytes}`,
      `PATCH ${documentUploadPath}/upload-1 @${uploadChunkBytes * 2}`,
    ]);
    const stored = server.uploads.get('upload-1');
    expect(await holdsExactly(stored?.received, file)).toBe(true);
    expect(stored?.metadata.split(',').map((pair) => pair.split(' ')[0])).toEqual(['name', 'kind', 'keep', 'filetype']);
    expect(atob(stored?.metadata.split(',')[1]?.split(' ')[1] ?? '')).toBe('income');
    expect(await listOutbox()).toEqual([]);
  });

  it('keeps the upload’s address and offset when the network drops or the server fails, then resumes from there', async () => {
    const file = fileOf(uploadChunkBytes * 3);
    await addToOutbox(uploadEntry('key-upload-000000000002', { file }));
    let patches = 0;
    server.answerWith((method) => (method === 'PATCH' && ++patches === 2 ? 'cut' : undefined));
    expect(await replayOutbox()).toMatchObject({ kept: 1 });
    expect((await getOutboxEntry('key-upload-000000000002'))?.upload).toMatchObject({
      location: `${documentUploadPath}/upload-1`,
      offset: uploadChunkBytes,
    });

    server.answerWith((method) => (method === 'PATCH' ? Response.json({ error: 'internal' }, { status: 503 }) : undefined));
    expect(await replayOutbox()).toMatchObject({ kept: 1 });
    expect(await getOutboxEntry('key-upload-000000000002')).toMatchObject({ state: 'pending', upload: { offset: uploadChunkBytes } });

    server.answerWith(undefined);
    server.calls.length = 0;
    expect((await replayOutbox()).sent).toHaveLength(1);
    // The server's offset is asked first, and only what it lacks is sent.
    expect(server.calls).toEqual([
      `HEAD ${documentUploadPath}/upload-1`,
      `PATCH ${documentUploadPath}/upload-1 @${uploadChunkBytes}`,
      `PATCH ${documentUploadPath}/upload-1 @${uploadChunkBytes * 2}`,
    ]);
    expect(server.uploads.size).toBe(1);
    expect(await holdsExactly(server.uploads.get('upload-1')?.received, file)).toBe(true);
  });

  it('resumes from the server’s offset when a chunk arrived but its answer was lost', async () => {
    const file = fileOf(uploadChunkBytes + 5);
    await addToOutbox(uploadEntry('key-upload-000000000003', { file }));
    // The upload exists with its first chunk, but the device only knew it had been created.
    server.answerWith((method) => (method === 'PATCH' ? 'cut' : undefined));
    await replayOutbox();
    const stored = server.uploads.get('upload-1');
    if (!stored) throw new Error('no upload created');
    stored.received.set(new Uint8Array(await file.slice(0, uploadChunkBytes).arrayBuffer()));
    stored.offset = uploadChunkBytes;
    server.answerWith(undefined);
    server.calls.length = 0;
    expect((await replayOutbox()).sent).toHaveLength(1);
    expect(server.calls).toEqual([`HEAD ${documentUploadPath}/upload-1`, `PATCH ${documentUploadPath}/upload-1 @${uploadChunkBytes}`]);
  });

  it('starts again from zero when the server no longer knows the upload (404)', async () => {
    const file = fileOf(100);
    await addToOutbox(uploadEntry('key-upload-000000000004', { file, location: `${documentUploadPath}/expired`, offset: 60 }));
    expect((await replayOutbox()).sent).toHaveLength(1);
    expect(server.calls).toEqual([
      `HEAD ${documentUploadPath}/expired`,
      `POST ${documentUploadPath}`,
      `PATCH ${documentUploadPath}/upload-1 @0`,
    ]);
    expect(await holdsExactly(server.uploads.get('upload-1')?.received, file)).toBe(true);
  });

  it('moves a refused upload (type refused, too large) to "needs your attention" with the reason, its file still there', async () => {
    await addToOutbox(uploadEntry('key-upload-000000000005', { file: fileOf(10) }));
    await addToOutbox(uploadEntry('key-upload-000000000006', { file: fileOf(20) }));
    let posts = 0;
    server.answerWith((method) => {
      if (method !== 'POST') return undefined;
      posts += 1;
      return posts === 1
        ? Response.json({ error: 'document_type_refused' }, { status: 415 })
        : new Response('Maximum size exceeded\n', { status: 413 });
    });
    expect(await replayOutbox()).toMatchObject({ needsAttention: 2 });
    const [typeRefused, tooLarge] = await listOutbox();
    expect(typeRefused).toMatchObject({ state: 'needs-attention', attention: { status: 415, error: { error: 'document_type_refused' } } });
    expect(tooLarge).toMatchObject({ state: 'needs-attention', attention: { status: 413, error: { error: 'document_too_large' } } });
    expect(typeRefused?.upload?.file.size).toBe(10);
  });

  it('stops an upload the citizen removed while it was on its way, without bringing it back', async () => {
    await addToOutbox(uploadEntry('key-upload-000000000007', { file: fileOf(uploadChunkBytes * 2) }));
    server.answerWith((method) => {
      if (method === 'PATCH') void deleteOutboxEntry('key-upload-000000000007');
      return undefined;
    });
    const outcome = await sendNow('key-upload-000000000007');
    expect(outcome.kind).toBe('gone');
    expect(await listOutbox()).toEqual([]);
    expect(server.calls.filter((call) => call.startsWith('PATCH'))).toHaveLength(1);
  });

  it('with the device full, says so and sends the document directly, keeping nothing of it here', async () => {
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded', 'QuotaExceededError');
    });
    const file = fileOf(uploadChunkBytes + 1);
    const told: string[] = [];
    const { key, ...input } = uploadEntry('key-upload-000000000008', { file });
    const submission = await submitThroughOutbox<DocumentUploaded>({ key, ...input }, undefined, {
      onStorageFull: () => told.push('storage full'),
    });
    vi.restoreAllMocks();
    expect(told).toEqual(['storage full']);
    expect(submission).toMatchObject({ ok: true, body: { documentId: 'doc-1' }, storageFull: true });
    expect(await holdsExactly(server.uploads.get('upload-1')?.received, file)).toBe(true);
    expect(await listOutbox()).toEqual([]);
  });
});
