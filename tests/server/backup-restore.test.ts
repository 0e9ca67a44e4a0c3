import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { backupEmbedded, restoreEmbedded } from '../../src/server/backup/embedded-backup.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { openDatabase, type Db } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import type { DocumentList } from '../../src/shared/documents.ts';
import { signInAs } from '../support/sign-in.ts';
import { tusUpload } from '../support/tus-upload.ts';
import { visitor } from '../support/visitor.ts';

const tables = [
  'person',
  'session',
  'callback_request',
  'procedure_draft',
  'document',
  'notification',
  'audit_log',
  'link_secret',
] as const;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('No free port');
  return address.port;
}

/**
 * The server as `npm start` runs it on the embedded database: a PGlite data folder and local documents.
 * The same address both times: a person is known by their provider's issuer, which names it.
 */
async function openServer(dataDir: string, masterKey: string, port: number) {
  const url = `http://localhost:${port}`;
  const config: Config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PUBLIC_URL: url, DOCUMENT_MASTER_KEY: masterKey });
  const db = await openDatabase(config.database);
  await migrateToLatest(db);
  const app = await buildApp(config, { db });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    db,
    url,
    config,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

async function snapshot(db: Db) {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  const secret = await db.selectFrom('link_secret').select('secret').executeTakeFirstOrThrow();
  const documents = await db.selectFrom('document').select(['id', 'sha256', 'wrapped_key']).orderBy('id').execute();
  return { counts, secret: secret.secret, documents };
}

function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n');
  return Buffer.concat([head, randomBytes(size - head.length).map((byte) => (byte === 0x3c ? 0x3d : byte))]);
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * The restore drill of the README, on the embedded database: rows of several kinds and encrypted
 * documents, `backupEmbedded` (what `npm run backup` runs), the data folder wiped, `restoreEmbedded`
 * (`npm run restore`), the server opened again: every row and file back, and the documents decrypt.
 */
describe('backup and restore of the embedded database', () => {
  let work: string;
  let dataDir: string;
  const masterKey = randomBytes(32).toString('base64');
  const contents = [pdf(150_000), pdf(90_000)];
  let before: Awaited<ReturnType<typeof snapshot>>;
  let callbackReference: string;
  let port: number;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'guichet-backup-'));
    dataDir = path.join(work, 'data');
    port = await freePort();
    const server = await openServer(dataDir, masterKey, port);
    try {
      const marie = await visitor(server.app);
      await signInAs(marie, 'marie-dupont');
      const asked = await marie.postJson(
        '/api/callback-requests',
        { phone: '06 12 34 56 78', topic: 'school', window: 'morning' },
        { idempotencyKey: randomUUID() },
      );
      expect(asked.statusCode).toBe(201);
      callbackReference = asked.json<{ reference: string }>().reference;
      const draft = await marie.request({
        method: 'PUT',
        url: '/api/procedures/school-canteen/draft',
        headers: { 'content-type': 'application/json', 'x-csrf-token': marie.csrfToken, 'sec-fetch-site': 'same-origin' },
        payload: JSON.stringify({ procedure: 'school-canteen', answers: { child_given_name: 'Lou' } }),
      });
      expect(draft.statusCode).toBe(204);
      for (const [index, content] of contents.entries()) {
        const outcome = await tusUpload(server.url, marie, content, {
          name: `Pièce ${index}`,
          kind: 'other',
          filetype: 'application/pdf',
          keep: 'yes',
        });
        expect(outcome.ok).toBe(true);
      }
      before = await snapshot(server.db);
    } finally {
      await server.close();
    }
  }, 120_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('brings every row and every document back, readable with the same keys', { timeout: 120_000 }, async () => {
    expect(before.counts).toMatchObject({ person: 1, callback_request: 1, procedure_draft: 1, document: 2, link_secret: 1 });
    const backup = path.join(work, 'backup');
    const manifest = await backupEmbedded(
      { databaseDir: path.join(dataDir, 'pglite'), documentsDir: path.join(dataDir, 'documents') },
      backup,
    );
    expect(Object.keys(manifest.documents)).toHaveLength(2);

    // The disaster: the whole data folder is gone.
    await rm(dataDir, { recursive: true, force: true });
    await restoreEmbedded(backup, { databaseDir: path.join(dataDir, 'pglite'), documentsDir: path.join(dataDir, 'documents') });

    const server = await openServer(dataDir, masterKey, port);
    try {
      expect(await snapshot(server.db)).toEqual(before);
      const marie = await visitor(server.app);
      await signInAs(marie, 'marie-dupont');
      const listed = (await marie.get('/api/documents')).json<DocumentList>().documents;
      expect(listed).toHaveLength(2);
      const downloaded = await Promise.all(
        listed.map(async (document) => sha256((await marie.get(`/api/documents/${document.id}/content`)).rawPayload)),
      );
      expect(downloaded.sort()).toEqual(contents.map(sha256).sort());
      expect((await marie.get('/api/procedures/school-canteen/draft')).json()).toMatchObject({
        draft: { answers: { child_given_name: 'Lou' } },
      });
      expect((await marie.get(`/api/callback-requests/${callbackReference}`)).statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('never restores over data, nor a backup whose documents were altered', async () => {
    const backup = path.join(work, 'backup');
    const folders = { databaseDir: path.join(dataDir, 'pglite'), documentsDir: path.join(dataDir, 'documents') };
    await expect(restoreEmbedded(backup, folders)).rejects.toThrow(/not empty/);
    const files = (await readdir(path.join(backup, 'documents'), { recursive: true, withFileTypes: true })).filter((entry) =>
      entry.isFile(),
    );
    const first = files[0];
    if (!first) throw new Error('the backup holds no document');
    await appendFile(path.join(first.parentPath, first.name), 'x');
    await expect(
      restoreEmbedded(backup, {
        databaseDir: path.join(work, 'elsewhere', 'pglite'),
        documentsDir: path.join(work, 'elsewhere', 'documents'),
      }),
    ).rejects.toThrow(/missing or altered/);
  });
});
