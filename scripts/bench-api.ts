import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import { canteenAnswers } from '../src/shared/procedures/school-canteen.example.ts';
import type { SignedInVisitor } from './bench-sign-in.ts';
import type { BenchParentMessage, BenchServerMessage } from './bench-server.ts';

/**
 * `npm run bench:api`: each API route against a bare Fastify route, in the same run, on loopback.
 * The real server (built exactly as main.ts builds it) runs on PGlite, then on PostgreSQL when
 * DATABASE_URL is set; autocannon drives it for a few seconds per route. The server, the bare route
 * and this load generator are three processes (`bench-server.ts`). Prints a table, with the
 * database round trips per request the server counted, and writes bench-results/api.json. The
 * figures depend on the machine: compare ratios, not req/s.
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
  /**
   * Writes need a fresh idempotency key per request, or the server would answer from its store,
   * and a number of their own, as citizens have, or the limits per number would refuse them.
   */
  uniqueRequest?: boolean;
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
    uniqueRequest: true,
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
  requests: number;
}

interface Row {
  database: string;
  endpoint: string;
  route: Measure;
  bare: Measure;
  ratio: number;
  /** Statements the server sent to the database per request (BEGIN and COMMIT count). */
  roundTrips: number;
}

const rows: Row[] = [];
const bare = await startProcess({ BENCH_ROLE: 'bare' });
for (const database of databases()) {
  const guichet = await startProcess({ BENCH_ROLE: 'guichet', ...database.environment });
  try {
    const { citizen, phoneAgent } = guichet.ready.visitors ?? {};
    if (!citizen || !phoneAgent) throw new Error('The server signed nobody in');
    const url = guichet.ready.url;
    const visitors: Visitors = { anonymous: await visit(url), citizen, phoneAgent };
    for (const endpoint of endpoints) {
      const routePath = await endpoint.prepare({ url, visitors });
      const before = await guichet.countQueries();
      const route = await measure(url + routePath, endpoint, visitors[endpoint.as]);
      // The requests cut off at the end of the run finish their statements first.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const queries = (await guichet.countQueries()) - before;
      const baseline = await measure(`${bare.ready.url}/bare`, endpoint, visitors[endpoint.as]);
      rows.push({
        database: database.label,
        endpoint: endpoint.name,
        route,
        bare: baseline,
        ratio: route.requestsPerSecond / baseline.requestsPerSecond,
        roundTrips: queries / route.requests,
      });
    }
  } finally {
    await guichet.stop();
  }
}
await bare.stop();

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
    'round trips': row.roundTrips.toFixed(2),
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

function databases(): { label: string; environment: Record<string, string> }[] {
  const list: { label: string; environment: Record<string, string> }[] = [{ label: 'PGlite', environment: {} }];
  const url = process.env.DATABASE_URL;
  if (url) {
    const owner = process.env.DATABASE_MIGRATION_URL;
    list.push({
      label: 'PostgreSQL',
      environment: { BENCH_DATABASE_URL: url, ...(owner ? { BENCH_DATABASE_MIGRATION_URL: owner } : {}) },
    });
  }
  return list;
}

/** `scripts/bench-server.ts` in a process of its own, once it listens. */
async function startProcess(environment: Record<string, string>) {
  const child = fork(path.join(import.meta.dirname, 'bench-server.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...environment },
  });
  // Whatever happens to this run, no server outlives it.
  process.once('exit', () => child.kill());
  const next = <K extends BenchServerMessage['kind']>(kind: K) =>
    new Promise<Extract<BenchServerMessage, { kind: K }>>((resolve, reject) => {
      const onMessage = (message: BenchServerMessage) => {
        if (message.kind !== kind) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as Extract<BenchServerMessage, { kind: K }>);
      };
      const onExit = (code: number | null) => reject(new Error(`The ${environment.BENCH_ROLE} server exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ask = (message: BenchParentMessage) => child.send(message);
  const ready = await next('ready');
  return {
    ready,
    async countQueries() {
      const answer = next('queries');
      ask({ kind: 'count-queries' });
      return (await answer).count;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      ask({ kind: 'stop' });
      await exited;
    },
  };
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

function randomMobileNumber(): string {
  return `06 ${Array.from({ length: 4 }, () => String(Math.floor(Math.random() * 100)).padStart(2, '0')).join(' ')}`;
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
          endpoint.uniqueRequest
            ? {
                ...request,
                headers: { ...request.headers, 'idempotency-key': randomUUID() },
                body: JSON.stringify({ ...(endpoint.body as object), phone: randomMobileNumber() }),
              }
            : request,
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    // Sent, not answered: the requests still in flight when the run stops sent their queries too.
    requests: result.requests.sent,
  };
}
