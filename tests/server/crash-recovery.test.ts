import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/database.ts';
import { httpDevice, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { processDatabase } from '../support/process-database.ts';
import { databaseKinds } from '../support/test-database.ts';

const writes = 5;
const body = (index: number) => ({ phone: `06 12 34 56 ${String(10 + index)}`, topic: 'school', window: 'morning', name: 'Camille' });
const key = (index: number) => `crash-recovery-key-${String(index).padStart(4, '0')}`;

/**
 * The database as a crash would find it: a trigger makes every call-back insert wait, so the
 * idempotency key is written and the work is half done when the process is killed. A trigger, not a
 * hook in the code: the server under test is `main.ts` exactly as production runs it.
 */
async function slowInserts(db: Db, on: boolean): Promise<void> {
  if (on) {
    await sql`create or replace function crash_test_slow_insert() returns trigger language plpgsql as $$
      begin perform pg_sleep(5); return new; end $$`.execute(db);
    await sql`create trigger crash_test_slow_insert before insert on callback_request
      for each row execute function crash_test_slow_insert()`.execute(db);
  } else {
    await sql`drop trigger crash_test_slow_insert on callback_request`.execute(db);
  }
}

describe.each(databaseKinds)('a server killed mid-write on %s', (kind) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('loses nothing: every write retried after the crash lands exactly once', { timeout: 120_000 }, async () => {
    const database = await processDatabase(kind);
    cleanups.push(database.drop);
    await database.use((db) => slowInserts(db, true));

    const crashing = await startServerProcess({ ...database.environment, NOTIFICATION_WORKER: 'false' });
    cleanups.push(async () => crashing.child.kill('SIGKILL'));
    const device = httpDevice();
    const inFlight = Array.from({ length: writes }, (_, index) =>
      device.postJson(`${crashing.url}/api/callback-requests`, body(index), key(index)).then(
        (response) => response.status,
        () => 'cut off',
      ),
    );
    // Long enough for the first writes to be inside their transactions, well short of the trigger's 5 s.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    crashing.child.kill('SIGKILL');
    expect(await crashing.exited).toBe('SIGKILL');
    expect(await Promise.all(inFlight)).toEqual(Array.from({ length: writes }, () => 'cut off'));

    await database.use(async (db) => {
      // Nothing was committed, and nothing is left claiming the keys.
      expect(await db.selectFrom('callback_request').select('id').execute()).toEqual([]);
      expect(await db.selectFrom('idempotency_key').select('key').execute()).toEqual([]);
      await slowInserts(db, false);
    });

    // The citizen's outbox replays each write, with the same key, against the restarted server.
    const restarted: ServerProcess = await startServerProcess({ ...database.environment, NOTIFICATION_WORKER: 'false' });
    cleanups.push(async () => restarted.child.kill('SIGKILL'));
    const retry = (index: number) => device.postJson(`${restarted.url}/api/callback-requests`, body(index), key(index));
    const first = await Promise.all(Array.from({ length: writes }, (_, index) => retry(index)));
    expect(first.map((response) => response.status)).toEqual(Array.from({ length: writes }, () => 201));
    const references = await Promise.all(first.map(async (response) => ((await response.json()) as { reference: string }).reference));
    // And once more, as an outbox does when it never heard the answer: replayed, not written again.
    const again = await Promise.all(Array.from({ length: writes }, (_, index) => retry(index)));
    expect(again.map((response) => response.headers.get('idempotent-replayed'))).toEqual(Array.from({ length: writes }, () => 'true'));
    expect(await Promise.all(again.map(async (response) => ((await response.json()) as { reference: string }).reference))).toEqual(
      references,
    );

    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    await database.use(async (db) => {
      const rows = await db.selectFrom('callback_request').select('reference').execute();
      expect(rows.map((row) => row.reference).sort()).toEqual([...references].sort());
    });
  });
});
