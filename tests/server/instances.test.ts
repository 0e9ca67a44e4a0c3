import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIdHeader, documentUploadPath } from '../../src/shared/documents.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const root = path.resolve(import.meta.dirname, '../..');
const nginx = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', 'nginx'].find((candidate) => spawnSync(candidate, ['-v']).status === 0);
const missing = !process.env.DATABASE_URL
  ? 'DATABASE_URL is not set: two instances need one PostgreSQL (an embedded PGlite belongs to one process)'
  : !nginx
    ? 'nginx is not installed (sudo apt-get install nginx)'
    : undefined;
if (missing && process.env.CI !== 'true') console.warn(`Several instances: skipped, ${missing}.`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000, details = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms. ${details()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A browser over real HTTP: a cookie jar, the CSRF token our pages echo, redirects followed by
 * hand. It records which instance answered each request (nginx's `X-Upstream`).
 */
function httpVisitor(origin: string) {
  const cookies = new Map<string, string>();
  const upstreams: string[] = [];
  let csrfToken = '';
  const send = async (url: string, init: RequestInit & { headers?: Record<string, string> } = {}) => {
    const response = await fetch(new URL(url, origin), {
      ...init,
      redirect: 'manual',
      headers: {
        ...init.headers,
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        'sec-fetch-site': 'same-origin',
        origin,
        ...(init.method && init.method !== 'GET' && init.method !== 'HEAD' ? { 'x-csrf-token': csrfToken } : {}),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(line);
      if (expired) cookies.delete(pair.slice(0, at));
      else cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    upstreams.push(response.headers.get('x-upstream') ?? '');
    return response;
  };
  /** One retry at most: a request that was on an instance at the moment it died. */
  const sendWithRetry = async (url: string, init: RequestInit & { headers?: Record<string, string> } = {}) => {
    const first = await send(url, init).catch(() => undefined);
    if (first && first.status < 502) return first;
    return send(url, init);
  };
  const self = {
    cookies,
    upstreams,
    get csrfToken() {
      return csrfToken;
    },
    send: sendWithRetry,
    get: (url: string) => sendWithRetry(url),
    json: (method: string, url: string, body: unknown, headers: Record<string, string> = {}) =>
      sendWithRetry(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
    async start() {
      csrfToken = ((await (await sendWithRetry('/api/csrf')).json()) as { token: string }).token;
    },
    /** login → provider → persona picker → provider → callback, each step wherever nginx sends it. */
    async signIn(persona: string, basePath: '/auth' | '/agent/auth') {
      let response = await sendWithRetry(`${basePath}/login`);
      for (let hops = 0; hops < 10; hops += 1) {
        const location = response.headers.get('location');
        if (!location) throw new Error(`Sign-in stopped at ${response.status}: ${(await response.text()).slice(0, 300)}`);
        const target = new URL(location, origin);
        if (target.pathname === (basePath === '/auth' ? '/account' : '/agent')) return;
        response = await sendWithRetry(`${target.pathname}${target.search}`);
        if (response.status === 200 && target.pathname.includes('/interaction/')) {
          const form = new URLSearchParams({ _csrf: csrfToken, persona });
          response = await sendWithRetry(target.pathname, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: form.toString(),
          });
        }
      }
      throw new Error('Sign-in did not land');
    },
  };
  return self;
}

/**
 * Two real server processes (spawned, as `npm start` runs them) on one PostgreSQL schema and one
 * S3 store (s3rver), each with a data folder of its own, behind nginx's round-robin: what one
 * instance starts, the other finishes; and when one is killed, the citizen goes on.
 */
describe.skipIf(missing && process.env.CI !== 'true')('several instances behind nginx', () => {
  let database: TestDatabase;
  let work: string;
  let s3: S3rver;
  let proxy: ChildProcess | undefined;
  const instances: { port: number; process: ChildProcess; output: string }[] = [];
  let origin = '';
  const db = () => database.db;

  beforeAll(async () => {
    if (missing) throw new Error(`Several instances: ${missing}, and CI=true requires them.`);
    database = await createTestDatabase('postgres');
    if (database.config.kind !== 'postgres') throw new Error('PostgreSQL expected');
    work = await mkdtemp(path.join(tmpdir(), 'guichet-instances-'));
    await chmod(work, 0o755);
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: path.join(work, 's3'),
      configureBuckets: [{ name: 'guichet-documents' }],
    });
    const { port: s3Port } = await s3.run();
    const [proxyPort, ...ports] = await Promise.all([freePort(), freePort(), freePort()]);
    origin = `http://127.0.0.1:${proxyPort}`;
    const shared = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PUBLIC_URL: origin,
      LOG_LEVEL: 'warn',
      SEED_DEMO_DATA: 'false',
      DATABASE_URL: database.config.url,
      DATABASE_SCHEMA: database.config.schema,
      ...(database.config.migrationUrl ? { DATABASE_MIGRATION_URL: database.config.migrationUrl } : {}),
      LINK_SIGNING_SECRET: randomBytes(32).toString('base64url'),
      DOCUMENT_MASTER_KEY: randomBytes(32).toString('base64'),
      DOCUMENT_STORAGE: 's3',
      DOCUMENT_S3_BUCKET: 'guichet-documents',
      DOCUMENT_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      DOCUMENT_S3_FORCE_PATH_STYLE: 'true',
      DOCUMENT_S3_ACCESS_KEY_ID: 'S3RVER',
      DOCUMENT_S3_SECRET_ACCESS_KEY: 'S3RVER',
      NOTIFICATION_POLL_INTERVAL_MS: '50',
      CALLBACK_RATE_LIMIT_MAX: '3',
    };
    for (const [index, port] of ports.entries()) {
      const dataDir = path.join(work, `instance-${index}`);
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], {
        cwd: root,
        // A data folder of its own: nothing an instance keeps on its disk may matter to the other.
        env: { ...shared, PORT: String(port), DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const instance = { port: port ?? 0, process: child, output: '' };
      child.stdout?.on('data', (chunk: Buffer) => (instance.output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (instance.output += chunk.toString()));
      instances.push(instance);
    }
    for (const instance of instances) {
      await waitFor(
        `instance on ${instance.port} ready`,
        async () => (await fetch(`http://127.0.0.1:${instance.port}/healthz`)).ok,
        90_000,
        () => instance.output,
      );
    }
    const conf = path.join(work, 'nginx.conf');
    for (const folder of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      await mkdir(path.join(work, folder));
      await chmod(path.join(work, folder), 0o777);
    }
    await writeFile(conf, nginxConfig(work, proxyPort ?? 0, ports));
    proxy = spawn(
      nginx ?? 'nginx',
      ['-e', path.join(work, 'error.log'), '-c', conf, '-g', `daemon off; pid ${path.join(work, 'nginx.pid')};`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await waitFor(
      'nginx ready',
      async () => (await fetch(`${origin}/healthz`)).ok,
      15_000,
      () => `${proxy?.exitCode}`,
    );
  }, 180_000);

  afterAll(async () => {
    proxy?.kill('SIGTERM');
    for (const instance of instances) instance.process.kill('SIGKILL');
    await s3?.close();
    await database?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const citizen = () => httpVisitor(origin);

  it('signs a citizen in across both instances and keeps the session, the draft and the rate limit shared', async () => {
    const marie = citizen();
    await marie.start();
    await marie.signIn('marie-dupont', '/auth');
    // The sign-in's steps (the provider's interaction, its session cookie, the code) were answered by both.
    expect(new Set(marie.upstreams.filter(Boolean)).size).toBe(2);

    const saved = await marie.json('PUT', '/api/procedures/school-canteen/draft', {
      procedure: 'school-canteen',
      answers: { child_given_name: 'Lou' },
    });
    expect(saved.status).toBe(204);
    for (let read = 0; read < 4; read += 1) {
      const draft = await marie.get('/api/procedures/school-canteen/draft');
      expect(draft.status).toBe(200);
      expect(await draft.json()).toMatchObject({ draft: { answers: { child_given_name: 'Lou' } } });
    }

    // CALLBACK_RATE_LIMIT_MAX=3 per address: the fourth request is refused, whichever instance counts it.
    const statuses: number[] = [];
    for (let ask = 0; ask < 4; ask += 1) {
      const response = await marie.json(
        'POST',
        '/api/callback-requests',
        { phone: `06 12 34 56 ${String(10 + ask)}`, topic: 'school', window: 'morning' },
        { 'idempotency-key': randomUUID() },
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('resumes on one instance an upload started on the other (parts in S3, where it stands in the database)', async () => {
    const marie = citizen();
    await marie.start();
    await marie.signIn('marie-dupont', '/auth');
    const content = pdf(700_000);
    const { location, served } = await uploadInChunks(marie, content, 256 * 1024);
    expect(new Set(served).size).toBe(2);
    const documentId = location;
    const download = await marie.get(`/api/documents/${documentId}/content`);
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(content));
    // The parts are gone once the document is whole; nothing was kept in the instances' data folders.
    expect(await db().selectFrom('document_upload_part').select('storage_key').execute()).toEqual([]);
  });

  it('lets an agent claim a call back on one instance while the other sends the SMS, each SMS once', async () => {
    // The first test used this address's whole allowance (every visitor here is 127.0.0.1): a new window.
    await db().deleteFrom('rate_limit').execute();
    const camille = citizen();
    await camille.start();
    const asked = await camille.json(
      'POST',
      '/api/callback-requests',
      { phone: '07 98 76 54 32', topic: 'school', window: 'morning' },
      { 'idempotency-key': randomUUID() },
    );
    expect(asked.status).toBe(201);
    const { reference } = (await asked.json()) as { reference: string };
    const sophie = citizen();
    await sophie.start();
    await sophie.signIn('sophie-moreau', '/agent/auth');
    const claimed = await sophie.json('POST', `/api/agent/callbacks/${reference}/claim`, {}, { 'idempotency-key': randomUUID() });
    expect(claimed.status).toBe(200);
    const done = await sophie.json(
      'POST',
      `/api/agent/callbacks/${reference}/outcome`,
      { outcome: 'done' },
      { 'idempotency-key': randomUUID() },
    );
    expect(done.status).toBe(200);

    // Both instances' workers poll the outbox every 50 ms: every message is sent, and once.
    await waitFor('every SMS sent', async () => {
      const pending = await db().selectFrom('notification').select('id').where('status', '!=', 'sent').execute();
      return pending.length === 0;
    });
    const sent = await db().selectFrom('notification').select('id').execute();
    const inbox = await db().selectFrom('dev_inbox_message').select(['recipient', 'text']).execute();
    expect(inbox).toHaveLength(sent.length);
    expect(new Set(inbox.map((message) => `${message.recipient}\n${message.text}`)).size).toBe(inbox.length);
    expect(inbox.filter((message) => message.recipient === '+33798765432')).toHaveLength(2);
  });

  it('goes on when an instance is killed mid-journey, with no more than a retry', { timeout: 60_000 }, async () => {
    const marie = citizen();
    await marie.start();
    await marie.signIn('marie-dupont', '/auth');
    const saved = await marie.json('PUT', '/api/procedures/school-canteen/draft', {
      procedure: 'school-canteen',
      answers: { child_given_name: 'Léo' },
    });
    expect(saved.status).toBe(204);
    const content = pdf(600_000);
    const started = await createUpload(marie, content.length);
    const first = await patch(marie, started, 0, content.subarray(0, 256 * 1024));
    expect(first.status).toBe(204);

    const victim = instances[0];
    victim?.process.kill('SIGKILL');
    await new Promise((resolve) => victim?.process.once('exit', resolve));

    // nginx sends what reaches the dead instance to the other (proxy_next_upstream).
    for (let read = 0; read < 3; read += 1) {
      const draft = await marie.get('/api/procedures/school-canteen/draft');
      expect(draft.status).toBe(200);
      expect(await draft.json()).toMatchObject({ draft: { answers: { child_given_name: 'Léo' } } });
    }
    const head = await marie.send(started, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBe(256 * 1024);
    const rest = await patch(marie, started, offset, content.subarray(offset));
    expect(rest.status).toBe(204);
    const documentId = rest.headers.get(documentIdHeader) ?? '';
    const download = await marie.get(`/api/documents/${documentId}/content`);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(content));
    expect(marie.upstreams.at(-1)).toContain(String(instances[1]?.port));
  });

  type Visitor = ReturnType<typeof httpVisitor>;

  async function createUpload(who: Visitor, length: number): Promise<string> {
    const metadata = Object.entries({ name: 'Facture', kind: 'proof_of_address', filetype: 'application/pdf' })
      .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
      .join(',');
    const created = await who.send(documentUploadPath, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': String(length), 'upload-metadata': metadata },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    return created.headers.get('location') ?? '';
  }

  function patch(who: Visitor, location: string, offset: number, chunk: Buffer) {
    return who.send(location, {
      method: 'PATCH',
      headers: { 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(chunk),
    });
  }

  /** tus by hand, one chunk per request, so nginx's round-robin spreads the chunks over both instances. */
  async function uploadInChunks(who: Visitor, content: Buffer, chunkSize: number) {
    const location = await createUpload(who, content.length);
    const served: string[] = [];
    let offset = 0;
    let documentId = '';
    while (offset < content.length) {
      const response = await patch(who, location, offset, content.subarray(offset, offset + chunkSize));
      expect(response.status).toBe(204);
      served.push(who.upstreams.at(-1) ?? '');
      offset = Number(response.headers.get('upload-offset'));
      documentId = response.headers.get(documentIdHeader) ?? documentId;
    }
    return { location: documentId, served };
  }
});

function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n');
  // Random bytes stand for a compressed PDF; without `<`, no markup can appear in them by chance.
  return Buffer.concat([head, randomBytes(size - head.length).map((byte) => (byte === 0x3c ? 0x3d : byte))]);
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** The README's example, with the test's ports and temporary folders. */
function nginxConfig(work: string, listen: number, upstreams: number[]): string {
  return `worker_processes 1;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${work}/client_body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  upstream guichet {
${upstreams.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=30s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${listen};
    client_max_body_size 25m;
    location / {
      proxy_pass http://guichet;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_request_buffering off;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}
