import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeyDays, purgeSpentRecords } from '../../src/server/http/record-purge.job.ts';
import { hit } from '../../src/server/security/rate-limit-store.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/test-database.ts';

const day = 24 * 3_600_000;

describe.each(databaseKinds)('the purge of spent records on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.drop());

  it('deletes idempotency keys past their days and ended rate-limit windows, nothing still in use', async () => {
    const { db } = database;
    const now = new Date('2026-12-03T12:00:00Z');
    const key = (name: string, ageDays: number) =>
      sql`insert into idempotency_key (scope, key, request_hash, state, response_status, response_body, created_at)
        values ('device:test', ${name}, 'hash', 'completed', 201, '{}', ${new Date(now.getTime() - ageDays * day)})`.execute(db);
    await key('old', idempotencyKeyDays + 1);
    // Past the outbox's seven days, still answered: a late replay must not be done twice.
    await key('recent', 8);
    await hit(db, 'ended', 60_000, new Date(now.getTime() - 2 * 60_000));
    await hit(db, 'current', 60_000, new Date(now.getTime() - 30_000));

    expect(await purgeSpentRecords(db, now)).toEqual({ idempotencyKeys: 1, rateLimits: 1 });
    expect((await db.selectFrom('idempotency_key').select('key').execute()).map((row) => row.key)).toEqual(['recent']);
    expect((await db.selectFrom('rate_limit').select('key').execute()).map((row) => row.key)).toEqual(['current']);
    // The window still open keeps counting where it was.
    expect((await hit(db, 'current', 60_000, now)).current).toBe(2);
  });
});
