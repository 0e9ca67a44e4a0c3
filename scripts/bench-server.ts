import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import { openMigratedDatabase } from '../src/server/db/migrate.ts';
import { signInForBenchmark, type SignedInVisitor } from './bench-sign-in.ts';

/**
 * A process of its own for `npm run bench:api` (forked with an IPC channel): `BENCH_ROLE=guichet`
 * runs the real server (built as main.ts builds it) on a fresh database and counts the queries it
 * sends; `BENCH_ROLE=bare` runs Fastify with one route answering the same shape of request. The
 * parent drives both over HTTP from a third process, so none of the three shares a CPU queue.
 */
export type BenchServerMessage =
  { kind: 'ready'; url: string; visitors?: { citizen: SignedInVisitor; phoneAgent: SignedInVisitor } } | { kind: 'queries'; count: number };
export type BenchParentMessage = { kind: 'count-queries' } | { kind: 'stop' };

// Every statement the server sends, BEGIN and COMMIT included, is one round trip to the database:
// counted where the driver hands it over (pg's client, PGlite's query), only in this process.
let queries = 0;
for (const prototype of [pg.Client.prototype, PGlite.prototype] as { query: (...args: unknown[]) => unknown }[]) {
  const query = prototype.query;
  prototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
    queries += 1;
    return query.apply(this, args);
  };
}

const send = (message: BenchServerMessage) => process.send?.(message);
const role = process.env.BENCH_ROLE;
const stop = role === 'bare' ? await startBare() : await startGuichet();
process.on('message', (message: BenchParentMessage) => {
  if (message.kind === 'count-queries') send({ kind: 'queries', count: queries });
  if (message.kind === 'stop') void stop().then(() => process.exit(0));
});

async function startGuichet(): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-bench-'));
  const url = process.env.BENCH_DATABASE_URL;
  const database: Config['database'] = url
    ? { kind: 'postgres', url, migrationUrl: process.env.BENCH_DATABASE_MIGRATION_URL, schema: `bench_${randomBytes(6).toString('hex')}` }
    : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') };
  const config = {
    ...loadConfig({
      NODE_ENV: 'production',
      // Production settings, with the development identity provider so signed-in routes can be measured.
      DEV_IDP_ENABLED: 'true',
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://localhost:8080',
      DATA_DIR: dataDir,
      DOCUMENT_MASTER_KEY: randomBytes(32).toString('base64'),
      // Every request comes from this machine's address (each from its own number, see bench-api.ts).
      CALLBACK_RATE_LIMIT_MAX: '100000',
      SMS_MAX_PER_ADDRESS: '100000',
      // No timer of its own adds queries to the count.
      VISIT_REMINDER_INTERVAL_SECONDS: '0',
    }),
    database,
  };
  const db = await openMigratedDatabase(config.database);
  const app = await buildApp(config, { db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  send({
    kind: 'ready',
    url: addressOf(app),
    visitors: {
      citizen: await signInForBenchmark(app, 'marie-dupont'),
      phoneAgent: await signInForBenchmark(app, 'sophie-moreau', { basePath: '/agent/auth' }),
    },
  });
  return async () => {
    await app.close();
    if (database.kind === 'postgres' && database.schema) {
      // The app's role may not drop what the owner created: the owner's connection does.
      const owner = new pg.Client({ connectionString: database.migrationUrl ?? database.url });
      await owner.connect();
      await owner.query(`drop schema "${database.schema}" cascade`);
      await owner.end();
    }
    await db.destroy();
    await rm(dataDir, { recursive: true, force: true });
  };
}

/** The baseline: Fastify with nothing registered, answering the same shape of request. */
async function startBare(): Promise<() => Promise<void>> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ reference: 'RAP-0000-0000', status: 'requested' }));
  app.post('/bare', async (_request, reply) => reply.status(201).send({ reference: 'RAP-0000-0000' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  send({ kind: 'ready', url: addressOf(app) });
  return () => app.close();
}

function addressOf(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The server has no port');
  return `http://127.0.0.1:${address.port}`;
}
