import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * What the app's role may do, granted by the owner role after every migration run, so tables that
 * later migrations add are covered too. Rows only: the app's role owns nothing, so it can neither
 * change a table nor lift the audit log's append-only triggers (only an owner may).
 */
export async function grantAppRole(owner: Db, appRole: string): Promise<void> {
  const role = sql.id(appRole);
  await owner.transaction().execute(async (trx) => {
    // Two instances starting together would grant on the same rows of the catalog at once, which
    // PostgreSQL refuses ("tuple concurrently updated"): one after the other.
    await sql`select pg_advisory_xact_lock(hashtext('guichet.grantAppRole'))`.execute(trx);
    const schema = sql.id(await currentSchema(trx));
    // Revoked then granted in one transaction: the result is exactly this list, whatever was
    // granted before, and a running instance never sees a moment without its privileges.
    await sql`revoke all on schema ${schema} from ${role}`.execute(trx);
    await sql`revoke all on all tables in schema ${schema} from ${role}`.execute(trx);
    await sql`revoke all on all sequences in schema ${schema} from ${role}`.execute(trx);
    await sql`grant usage on schema ${schema} to ${role}`.execute(trx);
    await sql`grant select, insert, update, delete on all tables in schema ${schema} to ${role}`.execute(trx);
    await sql`grant usage on all sequences in schema ${schema} to ${role}`.execute(trx);
    // The audit log is written and read, never changed; the migrations' own tables are only read
    // (readiness compares the migrations run with the ones this release knows).
    await sql`revoke update, delete on audit_log from ${role}`.execute(trx);
    await sql`revoke all on kysely_migration, kysely_migration_lock from ${role}`.execute(trx);
    await sql`grant select on kysely_migration to ${role}`.execute(trx);
  });
}

/**
 * What would let the app's role rewrite the audit log anyway: being a superuser, or owning the
 * database, the schema or a table (left so by a deployment that ran with one role). Empty when safe.
 */
export async function appRolePowers(owner: Db, appRole: string): Promise<string[]> {
  const { rows } = await sql<{ what: string }>`
    select 'is a superuser' as what from pg_roles where rolname = ${appRole} and rolsuper
    union all
    select 'owns the database ' || datname from pg_database where datname = current_database() and datdba = to_regrole(${appRole})
    union all
    select 'owns the schema ' || nspname from pg_namespace where nspname = current_schema() and nspowner = to_regrole(${appRole})
    union all
    (select 'owns the table ' || relname from pg_class
      where relnamespace = current_schema()::regnamespace and relowner = to_regrole(${appRole}) and relkind in ('r', 'p', 'v', 'm', 'S', 'f')
      order by relname)
  `.execute(owner);
  return rows.map((row) => row.what);
}

export async function currentRole(db: Db): Promise<string> {
  const { rows } = await sql<{ role: string }>`select current_user as role`.execute(db);
  return rows[0]?.role ?? '';
}

export async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? 'public';
}
