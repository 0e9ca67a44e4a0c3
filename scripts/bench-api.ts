import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import type { Db } from '../src/server/db/database.ts';
import { openMigratedDatabase } from '../src/server/db/migrate.ts';
import { canteenAnswers } from '../src/shared/procedures/school-canteen.example.ts';
import { signInForBenchmark, type SignedInVisitor } from './bench-sign-in.ts';

/**
 * `npm run bench:api`: each API route against a bare Fastify route, in the same run, on loopback.
 * The real server (built exactly as main.ts builds it) runs on PGlite, then on PostgreSQL when
 * DATABASE_URL is set; autocannon drives it for a few seconds per route. Prints a table and
 * writes bench-results/api.json. The figures depend on the machine: compare ratios, not req/s.
 */
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

/** What a browser sends: its cookies (the CSRF cookie at least) and the token its pages echo on writes. */
type Visitor = SignedInVisitor;

interface Visitors {
  anonymous: Visitor;
  /** A citizen signed in through the development provider, as a browser would be. */
  citizen: Visitor;
  /** A phone agent, signed in the same way through the agents' client. */
  phoneAgent: Visitor;
}

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  /** Who sends the requests. */
  as: keyof Visitors;
  /** Called once before the run: the path to hit (it may create what it reads). */
  prepare(server: { url: string; visitors: Visitors }): Promise<string>;
  body?: unknown;
  /** Writes need a fresh idempotency key per request, or the server would answer from its store. */
  uniqueIdempotencyKey?: boolean;
}

const callbackRequest = { phone: '06 12 34 56 78', topic: 'school', window: 'morning' };

// In this order: the queue first, while it holds the twenty requests it is measured with (the
// POST run after it adds thousands).
const endpoints: Endpoint[] = [
  {
    name: 'GET /api/agent/callbacks (signed-in phone agent, 20 waiting)',
    method: 'GET',
    as: 'phoneAgent',
    async prepare({ url, visitors }) {
      for (let index = 0; index < 20; index += 1) {
        const phone = `06 12 34 57 ${String(index).padStart(2, '0')}`;
        await post(url, '/api/callback-requests', visitors.anonymous, { ...callbackRequest, phone });
      }
      return '/api/agent/callbacks';
    },
  },
  {
    name: 'POST /api/callback-requests (anonymous)',
    method: 'POST',
    as: 'anonymous',
    prepare: async () => '/api/callback-requests',
    body: callbackRequest,
    uniqueIdempotencyKey: true,
  },
  {
    name: 'GET /api/callback-requests/:reference',
    method: 'GET',
    as: 'anonymous',
    async prepare({ url, visitors }) {
      const { reference } = await post<{ reference: string }>(url, '/api/callback-requests', visitors.anonymous, callbackRequest);
      return `/api/callback-requests/${reference}`;
    },
  },
  {
    name: 'GET /api/dossiers (signed-in citizen, 3 dossiers)',
    method: 'GET',
    as: 'citizen',
    async prepare({ url, visitors }) {
      for (let count = 0; count < 3; count += 1)
        await post(url, '/api/dossiers', visitors.citizen, { procedure: 'school-canteen', answers: canteenAnswers });
      return '/api/dossiers';
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
    const visitors: Visitors = {
      anonymous: await visit(url),
      citizen: await signInForBenchmark(app, 'marie-dupont'),
      phoneAgent: await signInForBenchmark(app, 'sophie-moreau', { basePath: '/agent/auth' }),
    };
    for (const endpoint of endpoints) {
      const routePath = await endpoint.prepare({ url, visitors });
      const route = await measure(url + routePath, endpoint, visitors[endpoint.as]);
      const baseline = await measure(`${bare.url}/bare`, endpoint, visitors[endpoint.as]);
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
  if (url)
    list.push({
      label: 'PostgreSQL',
      config: () => ({ kind: 'postgres', url, migrationUrl: undefined, schema: `bench_${randomBytes(6).toString('hex')}` }),
    });
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
      PUBLIC_URL: 'http://localhost:8080',
      DATA_DIR: dataDir,
      DOCUMENT_MASTER_KEY: randomBytes(32).toString('base64'),
      CALLBACK_RATE_LIMIT_MAX: '100000',
      CALLBACK_MAX_PER_PHONE: '100000',
    }),
    database: database.config(dataDir),
  };
  const db: Db = await openMigratedDatabase(config.database);
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

/** A browser's first visit: the CSRF cookie, which the app's writes echo in a header. */
async function visit(url: string): Promise<Visitor> {
  const response = await fetch(`${url}/api/csrf`);
  const { token } = (await response.json()) as { token: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken: token };
}

async function post<T>(url: string, routePath: string, visitor: Visitor, body: unknown): Promise<T> {
  const response = await fetch(url + routePath, {
    method: 'POST',
    headers: { ...writeHeaders(visitor), 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${routePath} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
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
    headers: endpoint.method === 'POST' ? writeHeaders(visitor) : { accept: 'application/json', cookie: visitor.cookie },
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
