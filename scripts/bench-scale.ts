import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { listCallbackQueue, listCallbackRequestsOfPerson } from '../src/server/callback/callback-request.repository.ts';
import { citizenTimeline } from '../src/server/citizens/citizen-timeline.service.ts';
import type { Config } from '../src/server/config.ts';
import { openDatabase, type Db } from '../src/server/db/database.ts';
import { openMigratedDatabase } from '../src/server/db/migrate.ts';
import { listDossiersOfPerson, listDossiersOfService } from '../src/server/procedures/procedure.repository.ts';
import { seedDemoData } from '../src/server/seed/demo-seed.ts';
import { listAgenda } from '../src/server/visit/visit.repository.ts';
import { growScaleData } from '../tests/support/scale-seed.ts';

/**
 * `npm run bench:scale`: how the lists people wait for behave as the data grows. Seeds a schema of
 * its own on PostgreSQL (DATABASE_URL, and DATABASE_MIGRATION_URL for the owner role) up a ladder
 * of sizes (10³, 10⁴, 10⁵, 10⁶ call backs and dossiers; `--rows 100000` for one size), and at each
 * size times the app's own repository functions: p50 and p99 over `BENCH_SCALE_RUNS` (200) calls
 * each, for people and places drawn at random. Drops the schema at the end. Prints a table per
 * size and writes bench-results/scale.json. Target: p99 ≤ 20 ms at every size.
 */
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('bench:scale needs PostgreSQL: set DATABASE_URL (and DATABASE_MIGRATION_URL for the owner role).');
  process.exit(1);
}
const rowsArgument = process.argv.indexOf('--rows');
const sizes = rowsArgument === -1 ? [1_000, 10_000, 100_000, 1_000_000] : [Number(process.argv[rowsArgument + 1])];
if (sizes.some((size) => !Number.isInteger(size) || size < 1_000)) {
  console.error('--rows takes a whole number of rows, at least 1000 (1000, 10000, 100000, 1000000).');
  process.exit(1);
}
const runs = Number(process.env.BENCH_SCALE_RUNS ?? 200);
const schema = `scale_${randomBytes(6).toString('hex')}`;
const database: Extract<Config['database'], { kind: 'postgres' }> = {
  kind: 'postgres',
  url,
  migrationUrl: process.env.DATABASE_MIGRATION_URL,
  schema,
};

const db = await openMigratedDatabase(database);
const owner = await openDatabase({ ...database, url: database.migrationUrl ?? url });
const results: { rows: number; seedSeconds: number; measures: { list: string; p50: number; p99: number }[] }[] = [];
try {
  await seedDemoData(db);
  let seeded = 0;
  for (const size of sizes) {
    const started = performance.now();
    await growScaleData(owner, seeded, size);
    seeded = size;
    const seedSeconds = (performance.now() - started) / 1000;
    const measures = await measureLists(db);
    results.push({ rows: size, seedSeconds, measures });
    console.log(`\n${size.toLocaleString('en')} call backs and dossiers (seeded in ${seedSeconds.toFixed(1)} s)`);
    console.table(measures.map((measure) => ({ list: measure.list, 'p50 ms': measure.p50, 'p99 ms': measure.p99 })));
  }
} finally {
  await db.destroy();
  await sql`drop schema ${sql.id(schema)} cascade`.execute(owner);
  await owner.destroy();
}
const output = path.resolve(import.meta.dirname, '../bench-results/scale.json');
await mkdir(path.dirname(output), { recursive: true });
await writeFile(output, JSON.stringify({ measuredAt: new Date().toISOString(), runs, node: process.version, results }, null, 2));
console.log(`Written to ${path.relative(process.cwd(), output)}`);
const slow = results.flatMap((result) =>
  result.measures.filter((measure) => measure.p99 > 20).map((measure) => `${measure.list} at ${result.rows}`),
);
if (slow.length > 0) console.log(`Over the 20 ms p99 target: ${slow.join(', ')}`);

/** Each list, `runs` times, for people and places drawn at random among those seeded. */
async function measureLists(db: Db) {
  const sample = async (query: ReturnType<typeof sql<{ id: string }>>) => (await query.execute(db)).rows.map((row) => row.id);
  const people = await sample(sql`select id::text as id from person order by random() limit 200`);
  // Agents exist once they signed in; without one, the queue is read as a new agent sees it (nothing held).
  const agents = await sample(sql`select id::text as id from agent union all select '00000000-0000-4000-8000-000000000000'`);
  const locations = await sample(sql`select location_id as id from appointment group by location_id`);
  const pick = (ids: string[]) => {
    const id = ids[Math.floor(Math.random() * ids.length)];
    if (!id) throw new Error('Nothing to draw from: the seed is empty');
    return id;
  };
  const now = new Date();
  const lists: [string, () => Promise<unknown>][] = [
    ['phone agents’ queue', () => listCallbackQueue(db, pick(agents), now)],
    ['case handler’s list (a service, any status)', () => listDossiersOfService(db, 'education', {})],
    ['case handler’s list (a service, submitted)', () => listDossiersOfService(db, 'education', { status: 'submitted' })],
    ['a citizen’s dossiers', () => listDossiersOfPerson(db, pick(people))],
    ['a citizen’s call backs', () => listCallbackRequestsOfPerson(db, pick(people))],
    ['citizen timeline (agents)', () => citizenTimeline(db, pick(people))],
    [
      'counter agenda (a day)',
      () => {
        const day = new Date(now.getTime() - Math.floor(Math.random() * 365) * 86_400_000);
        day.setUTCHours(0, 0, 0, 0);
        return listAgenda(db, pick(locations), day, new Date(day.getTime() + 86_400_000));
      },
    ],
  ];
  const measures = [];
  for (const [list, call] of lists) {
    for (let warmUp = 0; warmUp < 10; warmUp += 1) await call();
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      await call();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (quantile: number) => Number((times[Math.min(times.length - 1, Math.floor(quantile * times.length))] ?? 0).toFixed(1));
    measures.push({ list, p50: at(0.5), p99: at(0.99) });
  }
  return measures;
}
