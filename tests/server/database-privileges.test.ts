import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, auditTrail } from '../../src/server/audit/audit.repository.ts';
import { ConfigError, loadConfig, type Config } from '../../src/server/config.ts';
import { openDatabase, type Db } from '../../src/server/db/database.ts';
import { DatabaseStartError, openMigratedDatabase } from '../../src/server/db/migrate.ts';
import { spawnServer } from '../support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const appUrl = process.env.DATABASE_URL;
const ownerUrl = process.env.DATABASE_MIGRATION_URL;
const twoRoles = Boolean(appUrl && ownerUrl);
/** Nothing listens on port 1: the refused connection of a wrong host or port. */
const unreachableUrl = 'postgres://guichet:not-this-password@127.0.0.1:1/guichet';

/**
 * The app's role (DATABASE_URL) cannot rewrite the audit log by any route, not even the ones the
 * triggers cannot see (disabling or dropping them, changing the table): it owns nothing. The
 * migrations run as the owner role (DATABASE_MIGRATION_URL). PostgreSQL only: PGlite has one role.
 */
describe.skipIf(!twoRoles)("the app's database role, on PostgreSQL with two roles", () => {
  let database: TestDatabase;
  let owner: Db;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    if (database.config.kind !== 'postgres') throw new Error('PostgreSQL expected');
    owner = await openDatabase({ ...database.config, url: ownerUrl ?? '' });
    await recordAudit(db(), {
      actor: { kind: 'agent', id: 'agent-1' },
      action: 'dossier.opened',
      subject: { type: 'dossier', id: 'D-1' },
    });
  });
  afterAll(async () => {
    await owner.destroy();
    await database.drop();
  });

  it('writes and reads the audit log', async () => {
    await recordAudit(db(), { actor: { kind: 'system', id: 'test' }, action: 'test.written', subject: { type: 'dossier', id: 'D-2' } });
    const trail = await auditTrail(db(), { type: 'dossier', id: 'D-2' });
    expect(trail.map((entry) => entry.action)).toEqual(['test.written']);
  });

  it.each([
    ['change the table', sql`alter table audit_log add column forged text`],
    ['disable a trigger', sql`alter table audit_log disable trigger audit_log_no_update_or_delete`],
    ['disable every trigger', sql`alter table audit_log disable trigger all`],
    ['drop a trigger', sql`drop trigger audit_log_no_update_or_delete on audit_log`],
    [
      'replace the trigger function',
      sql`create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$ begin return old; end; $$`,
    ],
    ['take the table', sql`alter table audit_log owner to current_user`],
    ['truncate', sql`truncate audit_log`],
    ['update', sql`update audit_log set action = 'forged'`],
    ['delete', sql`delete from audit_log`],
    ['drop the table', sql`drop table audit_log`],
    ['create a table', sql`create table forged (id integer)`],
  ])('may not %s: insufficient privilege', async (_what, statement) => {
    await expect(statement.execute(db())).rejects.toMatchObject({ code: '42501' });
    const entries = await owner.selectFrom('audit_log').select('action').where('subject_id', '=', 'D-1').execute();
    expect(entries.map((entry) => entry.action)).toEqual(['dossier.opened']);
  });

  it('works with the other tables (select, insert, update, delete) and only reads the migrations’ own', async () => {
    await db().insertInto('rate_limit').values({ key: 'privileges-test', hits: 1, resets_at: new Date() }).execute();
    await db().updateTable('rate_limit').set({ hits: 2 }).where('key', '=', 'privileges-test').execute();
    await db().deleteFrom('rate_limit').where('key', '=', 'privileges-test').execute();
    // Read by readiness (are the migrations current?), never written.
    await sql`select name from kysely_migration`.execute(db());
    await expect(sql`delete from kysely_migration`.execute(db())).rejects.toMatchObject({ code: '42501' });
    await expect(sql`select * from kysely_migration_lock`.execute(db())).rejects.toMatchObject({ code: '42501' });
  });

  it('keeps the owner’s connection open only while migrating', async () => {
    // A name of its own for the pool, so parallel test files migrating as the owner do not count.
    const name = `guichet_migrate_${randomBytes(4).toString('hex')}`;
    const migrationUrl = `${ownerUrl ?? ''}${ownerUrl?.includes('?') ? '&' : '?'}application_name=${name}`;
    const reopened = await openMigratedDatabase({ ...postgresConfig(), migrationUrl });
    try {
      const open = async () => {
        const { rows } = await sql<{ count: string }>`select count(*) from pg_stat_activity where application_name = ${name}`.execute(
          owner,
        );
        return Number(rows[0]?.count);
      };
      // A closed client's server process may take a moment to leave the list.
      for (let attempt = 0; attempt < 40 && (await open()) > 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await open()).toBe(0);
    } finally {
      await reopened.destroy();
    }
  });

  it('refuses to start, in one sentence, when the owner role cannot be reached', async () => {
    const attempt = openMigratedDatabase({ ...postgresConfig(), migrationUrl: unreachableUrl });
    await expect(attempt).rejects.toThrow(DatabaseStartError);
    await expect(attempt).rejects.toThrow(
      /^Guichet cannot start: PostgreSQL cannot be reached with DATABASE_MIGRATION_URL \(.*ECONNREFUSED.*\)\.$/,
    );
  });

  it('refuses to start, in one sentence, when DATABASE_MIGRATION_URL is missing and the app’s role may not migrate', async () => {
    const alone = { ...postgresConfig(), migrationUrl: undefined, schema: `test_${randomBytes(6).toString('hex')}` };
    await expect(openMigratedDatabase(alone)).rejects.toThrow(
      'Guichet cannot start: the role of DATABASE_URL may not create the tables, so set DATABASE_MIGRATION_URL to the role that owns them.',
    );
  });

  it('refuses to start when the app’s role owns a table (left by a deployment that ran with one role)', async () => {
    const other = await createTestDatabase('postgres');
    try {
      if (other.config.kind !== 'postgres' || !other.config.schema) throw new Error('A PostgreSQL schema expected');
      const otherOwner = await openDatabase({ ...other.config, url: ownerUrl ?? '' });
      try {
        const appRole = (await sql<{ role: string }>`select current_user as role`.execute(other.db)).rows[0]?.role ?? '';
        await sql`grant create on schema ${sql.id(other.config.schema)} to ${sql.id(appRole)}`.execute(otherOwner);
      } finally {
        await otherOwner.destroy();
      }
      await sql`create table leftover (id integer)`.execute(other.db);
      await expect(openMigratedDatabase(other.config)).rejects.toThrow(/owns the table leftover, so it could rewrite the audit log/);
    } finally {
      await other.drop();
    }
  });

  function postgresConfig(): Extract<Config['database'], { kind: 'postgres' }> {
    if (database.config.kind !== 'postgres') throw new Error('PostgreSQL expected');
    return database.config;
  }
});

describe('the database settings, and starting without a database', () => {
  it.runIf(!twoRoles && process.env.CI === 'true')(
    'CI runs the database role tests: DATABASE_URL and DATABASE_MIGRATION_URL are set',
    () => {
      throw new Error('CI must set DATABASE_URL (the app role) and DATABASE_MIGRATION_URL (the owner role): see .ci/run');
    },
  );

  it.runIf(!twoRoles && process.env.CI !== 'true')(
    'skips the database role tests (set DATABASE_URL and DATABASE_MIGRATION_URL to run them)',
    () => {
      console.warn(
        'database-privileges: the PostgreSQL role tests are skipped; set DATABASE_URL (the app role) and DATABASE_MIGRATION_URL (the owner role) to run them.',
      );
    },
  );

  it('reads DATABASE_MIGRATION_URL beside DATABASE_URL, refuses it alone or malformed, and never repeats it', () => {
    const app = 'postgres://guichet:app-password@db.example:5432/guichet';
    const migration = 'postgres://guichet_owner:owner-password@db.example:5432/guichet';
    expect(loadConfig({ DATABASE_URL: app, DATABASE_MIGRATION_URL: migration }).database).toEqual({
      kind: 'postgres',
      url: app,
      migrationUrl: migration,
      schema: undefined,
    });
    expect(loadConfig({ DATABASE_URL: app }).database).toMatchObject({ kind: 'postgres', migrationUrl: undefined });
    const problems = (environment: Record<string, string>) => {
      try {
        loadConfig(environment);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
      }
      return [];
    };
    expect(problems({ DATABASE_MIGRATION_URL: migration })).toEqual([
      'DATABASE_MIGRATION_URL is for PostgreSQL: set DATABASE_URL too (the role the app runs as)',
    ]);
    expect(problems({ DATABASE_URL: app, DATABASE_MIGRATION_URL: 'mysql://owner:owner-password@db.example/guichet' })).toEqual([
      'DATABASE_MIGRATION_URL must start with postgres:// or postgresql://',
    ]);
  });

  it('the server process refuses to start in one sentence, naming the variable and never the password', async () => {
    const server = spawnServer({
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: unreachableUrl,
    });
    const code = await server.exited;
    const output = server.output();
    expect(code).toBe(1);
    // Node 20 makes oidc-provider print a line of its own about the runtime: not ours to judge.
    const lines = output
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('oidc-provider WARNING'));
    expect(lines.join('\n')).toMatch(
      /^Guichet cannot start: PostgreSQL cannot be reached with DATABASE_URL \([^\n]*ECONNREFUSED[^\n]*\)\.$/,
    );
    expect(output).not.toContain('not-this-password');
  }, 30_000);
});
