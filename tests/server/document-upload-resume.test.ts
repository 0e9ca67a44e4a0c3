import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDocumentMaxBytes } from '../../src/shared/documents.ts';
import { databaseKinds } from '../support/test-database.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { tusUpload } from '../support/tus-upload.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

/**
 * A TCP proxy on 127.0.0.1 that cuts connections: each of the first `cuts` connections is dropped
 * after a random number of bytes from the client (between `minBytes` and `maxBytes`), as a phone
 * losing its signal would; later ones pass untouched, so the test ends.
 */
async function startCuttingProxy(target: URL, options: { cuts: number; minBytes: number; maxBytes: number }) {
  let cutsMade = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), '127.0.0.1');
    const cutAfter = cutsMade < options.cuts ? randomInt(options.minBytes, options.maxBytes) : Number.POSITIVE_INFINITY;
    let forwarded = 0;
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (forwarded + chunk.length > cutAfter) {
        upstream.write(chunk.subarray(0, cutAfter - forwarded));
        cutsMade += 1;
        drop();
        return;
      }
      forwarded += chunk.length;
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy did not start');
  return {
    url: `http://127.0.0.1:${address.port}`,
    cutsMade: () => cutsMade,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe.each(databaseKinds)('a 20 MB upload over a connection that keeps dropping, on %s', (kind) => {
  let test: TestApp & { url: string };
  let dataDir: string;
  let marie: Visitor;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-resume-'));
    test = await startTestServer(kind, { DATA_DIR: dataDir });
    marie = await visitor(test.app);
    await signInAs(marie, 'marie-dupont');
  });
  afterAll(async () => {
    await test.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('resumes after every cut and ends complete, byte for byte', { timeout: 120_000 }, async () => {
    const head = Buffer.from('%PDF-1.7\n');
    // Random bytes stand for a compressed PDF; without `<`, no markup can appear in them by chance.
    const body = randomBytes(defaultDocumentMaxBytes - head.length).map((byte) => (byte === 0x3c ? 0x3d : byte));
    const content = Buffer.concat([head, body]);
    const proxy = await startCuttingProxy(new URL(test.url), { cuts: 6, minBytes: 100_000, maxBytes: 3 * 1024 * 1024 });
    try {
      const outcome = await tusUpload(
        proxy.url,
        marie,
        content,
        { name: 'Avis d’imposition', kind: 'income', filetype: 'application/pdf' },
        { chunkSize: 4 * 1024 * 1024, retryDelays: Array.from({ length: 30 }, () => 100) },
      );
      expect(outcome).toMatchObject({ ok: true });
      expect(proxy.cutsMade()).toBe(6);
      const documentId = outcome.ok ? outcome.documentId : undefined;
      expect(documentId).toBeDefined();
      const download = await marie.get(`/api/documents/${documentId}/content`);
      expect(download.statusCode).toBe(200);
      expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
    } finally {
      await proxy.close();
    }
  });
});
