import type { Kysely } from 'kysely';

/** Consent codes are throttled per agent too: counting an agent's recent requests reads this index, not the table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('mandate_agent').on('mandate').columns(['agent_id', 'requested_at']).execute();
}
