import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import { openDatabase, type Db } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';

/**
 * `npm run bench:api`: each API route against a bare Fastify route, in the same run, on loopback.
 * The real server (built exactly as main.ts builds it) runs on PGlite, then on PostgreSQL when
 * DATABASE_URL is set; autocannon drives it for a few seconds per route. Prints a table and
 * writes bench-results/api.json. The figures depend on the machine: compare ratios, not req/s.
 */
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Visitor {
  cookie: string;
  csrfToken: string;
  /** The same browser once signed in as a phone agent (its session cookie added). */
  agentCookie: string;
}

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  /** Called once before the run: the path to hit (it may create what it reads). */
  prepare(server: { url: string; visitor: Visitor }): Promise<string>;
  body?: unknown;
  /** Writes need a fresh idempotency key per request, or the server would answer from its store. */
  uniqueIdempotencyKey?: boolean;
  /** Sent with the agent's session cookie. */
  signedIn?: 'agent';
}

const callbackRequest = { phone: '06 12 34 56 78', topic: 'school', window: 'morning' };

// The routes measured. Sign-in's "my dossiers" GET joins this list when it is measured (a signed-in
// citizen, the way `agentCookie` is made for the agents' queue).
const endpoints: Endpoint[] = [
  {
    name: 'POST /api/callback-requests (anonymous)',
    method: 'POST',
    prepare: async () => '/api/callback-requests',
    body: callbackRequest,
    uniqueIdempotencyKey: true,
  },
  {
    name: 'GET /api/callback-requests/:reference',
    method: 'GET',
    async prepare({ url, visitor }) {
      const response = await fetch(`${url}/api/callback-requests`, {
        method: 'POST',
        headers: { ...writeHeaders(visitor), 'idempotency-key': randomUUID() },
        body: JSON.stringify(callbackRequest),
      });
      const { reference } = (await response.json()) as { reference: string };
      return `/api/callback-requests/${reference}`;
    },
  },
  {
    name: 'GET /api/agent/callbacks (signed-in phone agent)',
    method: 'GET',
    signedIn: 'agent',
    async prepare({ url, visitor }) {
      // A queue with something in it: twenty requests waiting.
      for (let index = 0; index < 20; index += 1) {
        await fetch(`${url}/api/callback-requests`, {
          method: 'POST',
          headers: { ...writeHeaders(visitor), 'idempotency-key': randomUUID() },
          body: JSON.stringify({ ...callbackRequest, phone: `06 12 34 56 ${String(index).padStart(2, '0')}` }),
        });
      }
      return '/api/agent/callbacks';
    },
  },
];

interface Measure {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface Row {
  database: string;
  endpoint: string;
  route: Measure;
  bare: Measure;
  ratio: number;
}

const rows: Row[] = [];
const bare = await startBare();
for (const database of databases()) {
  const { app, url, close } = await startGuichet(database);
  try {
    const visitor = await visit(url);
    for (const endpoint of endpoints) {
      const routePath = await endpoint.prepare({ url, visitor });
      const route = await measure(url + routePath, endpoint, visitor);
      const baseline = await measure(`${bare.url}/bare`, endpoint, visitor);
      rows.push({
        database: database.label,
        endpoint: endpoint.name,
        route,
        bare: baseline,
        ratio: route.requestsPerSecond / baseline.requestsPerSecond,
      });
    }
  } finally {
    await app.close();
    await close();
  }
}
await bare.app.close();

console.table(
  rows.map((row) => ({
    database: row.database,
    endpoint: row.endpoint,
    'req/s': Math.round(row.route.requestsPerSecond),
    'p50 ms': row.route.p50,
    'p99 ms': row.route.p99,
    'bare req/s': Math.round(row.bare.requestsPerSecond),
    'bare p50/p99 ms': `${row.bare.p50}/${row.bare.p99}`,
    ratio: row.ratio.toFixed(2),
    'non-2xx': row.route.non2xx,
  })),
);
const output = path.resolve(import.meta.dirname, '../bench-results/api.json');
await mkdir(path.dirname(output), { recursive: true });
await writeFile(
  output,
  JSON.stringify({ measuredAt: new Date().toISOString(), durationSeconds, connections, node: process.version, rows }, null, 2),
);
console.log(`Written to ${path.relative(process.cwd(), output)}`);
if (rows.some((row) => row.route.non2xx > 0 || row.route.errors > 0)) {
  console.error('Some requests failed: the figures above do not measure what they claim.');
  process.exitCode = 1;
}

function databases(): { label: string; config: (dataDir: string) => Config['database'] }[] {
  const list: { label: string; config: (dataDir: string) => Config['database'] }[] = [
    { label: 'PGlite', config: (dataDir) => ({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') }) },
  ];
  const url = process.env.DATABASE_URL;
  if (url) list.push({ label: 'PostgreSQL', config: () => ({ kind: 'postgres', url, schema: `bench_${randomBytes(6).toString('hex')}` }) });
  return list;
}

/** The real server on a fresh database (a PGlite data folder, or a schema of its own), rate limit raised for the run. */
async function startGuichet(database: { config: (dataDir: string) => Config['database'] }) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-bench-'));
  const config = {
    ...loadConfig({
      NODE_ENV: 'production',
      // Production settings, with the development identity provider so signed-in routes can be measured.
      DEV_IDP_ENABLED: 'true',
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://localhost',
      DATA_DIR: dataDir,
      CALLBACK_RATE_LIMIT_MAX: '100000',
      CALLBACK_MAX_PER_PHONE: '100000',
      LOGIN_RATE_LIMIT_MAX: '100000',
    }),
    database: database.config(dataDir),
  };
  const db: Db = await openDatabase(config.database);
  await migrateToLatest(db);
  const app = await buildApp(config, { db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url: addressOf(app),
    async close() {
      if (config.database.kind === 'postgres' && config.database.schema)
        await sql`drop schema ${sql.id(config.database.schema)} cascade`.execute(db);
      await db.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The baseline: Fastify with nothing registered, answering the same shape of request. */
async function startBare() {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ reference: 'RAP-0000-0000', status: 'requested' }));
  app.post('/bare', async (_request, reply) => reply.status(201).send({ reference: 'RAP-0000-0000' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: addressOf(app) };
}

/** A browser's first visit: the CSRF cookie, which the app's writes echo in a header; then a phone agent's sign-in. */
async function visit(url: string): Promise<Visitor> {
  const response = await fetch(`${url}/api/csrf`);
  const { token } = (await response.json()) as { token: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken: token, agentCookie: await signInAgent(url, 'sophie-moreau', cookie, token) };
}

/**
 * Signs a persona of the development provider in, as a browser would: every redirect followed by
 * hand with the cookies kept (on this server's address: PUBLIC_URL names no port), the persona
 * picker posted with the CSRF token. Returns the Cookie header of the signed-in browser.
 */
async function signInAgent(url: string, persona: string, csrfCookie: string, csrfToken: string): Promise<string> {
  const jar = new Map<string, string>([csrfCookie.split('=', 2) as [string, string]]);
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const go = async (target: string, init: RequestInit = {}): Promise<Response> => {
    const { pathname, search } = new URL(target, url);
    const response = await fetch(`${url}${pathname}${search}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader(), 'sec-fetch-site': 'same-origin' },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=', 2);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  let response = await go('/agent/auth/login?return=/agent');
  let interaction: string | undefined;
  for (let hop = 0; hop < 10 && response.status >= 300 && response.status < 400; hop += 1) {
    const location = response.headers.get('location') ?? '';
    if (location.includes('/interaction/')) interaction = new URL(location, url).pathname;
    response = await go(location);
    if (interaction && response.status === 200) break;
  }
  if (!interaction) throw new Error(`The development provider did not ask for a persona (${response.status})`);
  response = await go(interaction, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ persona, _csrf: csrfToken }).toString(),
  });
  for (let hop = 0; hop < 10 && response.status >= 300 && response.status < 400; hop += 1) {
    response = await go(response.headers.get('location') ?? '');
  }
  const check = await go('/api/agent/callbacks', { headers: { accept: 'application/json' } });
  if (check.status !== 200) throw new Error(`Signing in as ${persona} failed: the queue answered ${check.status}`);
  return cookieHeader();
}

function writeHeaders(visitor: Visitor): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json',
    cookie: visitor.cookie,
    'x-csrf-token': visitor.csrfToken,
    'sec-fetch-site': 'same-origin',
  };
}

async function measure(url: string, endpoint: Endpoint, visitor: Visitor): Promise<Measure> {
  const result = await autocannon({
    url,
    method: endpoint.method,
    connections,
    duration: durationSeconds,
    headers:
      endpoint.method === 'POST'
        ? writeHeaders(visitor)
        : { accept: 'application/json', cookie: endpoint.signedIn ? visitor.agentCookie : visitor.cookie },
    ...(endpoint.body === undefined ? {} : { body: JSON.stringify(endpoint.body) }),
    requests: [
      {
        setupRequest: (request) =>
          endpoint.uniqueIdempotencyKey ? { ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } } : request,
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function addressOf(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The server has no port');
  return `http://127.0.0.1:${address.port}`;
}
