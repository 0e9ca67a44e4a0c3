import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCallbackQueue, listCallbackRequestsOfPerson } from '../../src/server/callback/callback-request.repository.ts';
import { citizenTimeline } from '../../src/server/citizens/citizen-timeline.service.ts';
import type { Database, Db } from '../../src/server/db/database.ts';
import { listDossiersOfPerson, listDossiersOfService } from '../../src/server/procedures/procedure.repository.ts';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { listAgenda } from '../../src/server/visit/visit.repository.ts';
import { growScaleData } from '../support/scale-seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** The tables that grow with use; a full read of one of them is what makes a list slow at a million rows. */
const largeTables = ['callback_request', 'dossier', 'dossier_event', 'person', 'document', 'appointment'];
const rows = 20_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

/**
 * The plans of the lists `npm run bench:scale` times, on PostgreSQL with analysed tables of
 * 2·10⁴ rows: none has to read a large table whole (a sequential scan) or sort more of one than a
 * page shows. That is what keeps them flat up to 10⁶ rows. PostgreSQL only: PGlite is one person's
 * database, and its plans are not what a town's server runs.
 */
describe.skipIf(!process.env.DATABASE_URL)('the plans of the lists that grow', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let captured: CompiledQuery[] = [];
  let capturing: Db;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await seedDemoData(database.db);
    await database.asOwner((owner) => growScaleData(owner, 0, rows));
    const config = database.config;
    if (config.kind !== 'postgres') throw new Error('PostgreSQL only');
    pool = new pg.Pool({ connectionString: config.url, max: 2, options: `-c search_path=${config.schema}` });
    // The app's own functions, run once each for the statements they send.
    capturing = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        if (event.level === 'query') captured.push(event.query);
      },
    });
  }, 300_000);
  afterAll(async () => {
    await capturing?.destroy();
    await database.drop();
  });

  const statementsOf = async (call: (db: Db) => Promise<unknown>) => {
    captured = [];
    await call(capturing);
    return captured;
  };
  const somebody = async () =>
    (
      await database.db
        .selectFrom('callback_request')
        .select('person_id')
        .where('person_id', 'is not', null)
        .limit(1)
        .executeTakeFirstOrThrow()
    ).person_id ?? '';

  const problems = (node: PlanNode, found: string[] = []): string[] => {
    const table = node['Relation Name'];
    if (node['Node Type'] === 'Seq Scan' && table && largeTables.includes(table)) found.push(`sequential scan on ${table}`);
    if (node['Node Type'] === 'Sort') {
      for (const child of node.Plans ?? []) {
        const read = child['Relation Name'];
        if (read && largeTables.includes(read) && child['Plan Rows'] > 200) found.push(`sort of ${child['Plan Rows']} rows of ${read}`);
      }
    }
    for (const child of node.Plans ?? []) problems(child, found);
    return found;
  };

  it.each([
    ['the phone agents’ queue', (db: Db) => listCallbackQueue(db, '00000000-0000-4000-8000-000000000000', new Date())],
    ['a case handler’s list', (db: Db) => listDossiersOfService(db, 'education', {})],
    ['a case handler’s list of one status', (db: Db) => listDossiersOfService(db, 'education', { status: 'closed' })],
    ['a citizen’s dossiers', async (db: Db) => listDossiersOfPerson(db, await somebody())],
    ['a citizen’s call backs', async (db: Db) => listCallbackRequestsOfPerson(db, await somebody())],
    ['the citizen timeline', async (db: Db) => citizenTimeline(db, await somebody())],
    [
      'a counter agenda',
      async (db: Db) => {
        const place = await database.db.selectFrom('appointment').select('location_id').limit(1).executeTakeFirstOrThrow();
        const day = new Date();
        day.setUTCHours(0, 0, 0, 0);
        return listAgenda(db, place.location_id, day, new Date(day.getTime() + 86_400_000));
      },
    ],
  ])('%s reads by index', async (_list, call) => {
    const statements = await statementsOf(call);
    expect(statements.length).toBeGreaterThan(0);
    const client = await pool.connect();
    try {
      // At this size a full read or a sort may still be the cheaper plan; what must hold is that an
      // index can serve each list, which is what the plan shows once those are priced out.
      await client.query('set enable_seqscan = off');
      await client.query('set enable_sort = off');
      for (const statement of statements) {
        const { rows: plan } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`explain (format json) ${statement.sql}`, [
          ...statement.parameters,
        ]);
        const root = plan[0]?.['QUERY PLAN'][0]?.Plan;
        if (!root) throw new Error('No plan');
        expect(problems(root), statement.sql).toEqual([]);
      }
    } finally {
      client.release(true);
    }
  });
});
