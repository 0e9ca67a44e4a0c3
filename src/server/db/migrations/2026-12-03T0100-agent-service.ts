import { sql, type Kysely } from 'kysely';

/**
 * An agent's service id, mapped from their organisational unit once at sign-in (see
 * `agent/service-of-unit.ts`) instead of on every request. Agents' open sessions are ended: each
 * agent signs in again, which stores their service id before they can use it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agent').addColumn('service_id', 'text').execute();
  await sql`delete from session where agent_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agent').dropColumn('service_id').execute();
}
