import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentList } from '../../src/shared/documents.ts';
import { clamdScanner } from '../../src/server/documents/clamd.scanner.ts';
import { ScannerUnavailableError } from '../../src/server/documents/virus-scanner.ts';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { tusUpload } from '../support/tus-upload.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

/** The standard antivirus test file: harmless, and every antivirus reports it. */
const eicar = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

const pdf = (size: number, extra = '') => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from(extra)]);
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * A tiny clamd on 127.0.0.1 (ClamAV itself is outside the project): it speaks INSTREAM and finds
 * the EICAR string. `scans` counts the streams it was sent.
 */
async function startFakeClamd() {
  let scans = 0;
  const server: Server = createServer((socket) => {
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const command = Buffer.from('zINSTREAM\0');
      if (received.length < command.length) return;
      if (!received.subarray(0, command.length).equals(command)) {
        socket.end('UNKNOWN COMMAND\0');
        return;
      }
      let offset = command.length;
      const content: Buffer[] = [];
      while (offset + 4 <= received.length) {
        const length = received.readUInt32BE(offset);
        if (length === 0) {
          scans += 1;
          const infected = Buffer.concat(content).includes(Buffer.from(eicar));
          socket.end(infected ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
          return;
        }
        if (offset + 4 + length > received.length) return;
        content.push(received.subarray(offset + 4, offset + 4 + length));
        offset += 4 + length;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake clamd did not start');
  return { port: address.port, scans: () => scans, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('the clamd adapter', () => {
  let clamd: Awaited<ReturnType<typeof startFakeClamd>>;
  beforeAll(async () => {
    clamd = await startFakeClamd();
  });
  afterAll(() => clamd.close());

  it('streams the content and reads clamd’s verdict', async () => {
    const scanner = clamdScanner({ host: '127.0.0.1', port: clamd.port, timeoutMs: 5000 });
    expect(await scanner.scan(Readable.from([pdf(200_000)]))).toEqual({ infected: false });
    expect(await scanner.scan(Readable.from([pdf(1000), Buffer.from(eicar), pdf(1000)]))).toEqual({
      infected: true,
      signature: 'Eicar-Test-Signature',
    });
  });

  it('says so when clamd cannot be reached, rather than calling a file clean', async () => {
    const scanner = clamdScanner({ host: '127.0.0.1', port: 1, timeoutMs: 1000 });
    await expect(scanner.scan(Readable.from([pdf(100)]))).rejects.toBeInstanceOf(ScannerUnavailableError);
  });
});

describe('documents in S3 (s3rver), scanned by clamd', () => {
  let s3: S3rver;
  let s3Dir: string;
  let dataDir: string;
  let clamd: Awaited<ReturnType<typeof startFakeClamd>>;
  let test: TestApp & { url: string };
  let marie: Visitor;

  beforeAll(async () => {
    s3Dir = await mkdtemp(path.join(tmpdir(), 'guichet-s3-'));
    dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-s3-data-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: 'guichet-documents' }] });
    const { port } = await s3.run();
    clamd = await startFakeClamd();
    test = await startTestServer('pglite', {
      DATA_DIR: dataDir,
      DOCUMENT_STORAGE: 's3',
      DOCUMENT_S3_BUCKET: 'guichet-documents',
      DOCUMENT_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      DOCUMENT_S3_FORCE_PATH_STYLE: 'true',
      DOCUMENT_S3_ACCESS_KEY_ID: 'S3RVER',
      DOCUMENT_S3_SECRET_ACCESS_KEY: 'S3RVER',
      DOCUMENT_S3_PREFIX: 'locker/',
      DOCUMENT_ANTIVIRUS: 'clamd',
      CLAMD_PORT: String(clamd.port),
      DOCUMENT_MASTER_KEY: randomBytes(32).toString('base64'),
      DOCUMENT_MASTER_KEY_ID: '2026-11',
    });
    marie = await visitor(test.app);
    await signInAs(marie, 'marie-dupont');
  });
  afterAll(async () => {
    await test.close();
    await s3.close();
    await clamd.close();
    await rm(s3Dir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = (content: Buffer, name: string) =>
    tusUpload(test.url, marie, content, { name, kind: 'income', filetype: 'application/pdf' });

  it('stores a clean document encrypted in the bucket and serves it back', async () => {
    const content = pdf(150_000);
    const outcome = await upload(content, 'Bulletin de salaire');
    expect(outcome).toMatchObject({ ok: true });
    const id = outcome.ok ? outcome.documentId : '';
    const download = await marie.get(`/api/documents/${id}/content`);
    expect(download.statusCode).toBe(200);
    expect(sha256(download.rawPayload)).toBe(sha256(content));
    const row = await test.database.db
      .selectFrom('document')
      .selectAll()
      .where('id', '=', id ?? '')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'clean', key_id: '2026-11' });
    const objects = (await readdir(s3Dir, { recursive: true, withFileTypes: true })).filter(
      (entry) =>
        entry.isFile() && entry.name.includes('_S3rver_object') && !entry.name.endsWith('.md5') && !entry.name.includes('metadata'),
    );
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      const bytes = await readFile(path.join(object.parentPath, object.name));
      expect(bytes.includes(content.subarray(5000, 5032))).toBe(false);
    }
    expect(clamd.scans()).toBe(1);
  });

  it('quarantines an infected document and never serves it', async () => {
    const outcome = await upload(pdf(5000, eicar), 'Pièce jointe douteuse');
    expect(outcome).toMatchObject({ ok: false, status: 422 });
    if (!outcome.ok) expect(JSON.parse(outcome.body)).toEqual({ error: 'document_infected' });
    const row = await test.database.db
      .selectFrom('document')
      .selectAll()
      .where('name', '=', 'Pièce jointe douteuse')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('quarantined');
    expect((await marie.get(`/api/documents/${row.id}/content`)).statusCode).toBe(403);
    const listed = (await marie.get('/api/documents')).json<DocumentList>().documents.find((document) => document.id === row.id);
    expect(listed?.status).toBe('quarantined');
  });

  it('refuses to start in production on the development master key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_IDP_ENABLED: 'true', PUBLIC_URL: 'https://guichet.example.fr' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_IDP_ENABLED: 'true', PUBLIC_URL: 'https://guichet.example.fr' })).toThrow(
      /DOCUMENT_MASTER_KEY must be set in production/,
    );
    expect(loadConfig({ NODE_ENV: 'test' }).documents).toMatchObject({ developmentKey: true, maxBytes: 20 * 1024 * 1024 });
  });
});
