import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AgentTable } from './agent.table.ts';

/** Records the agent as their provider describes them today (role and service may change). */
export async function upsertAgent(db: Db, agent: Insertable<AgentTable>): Promise<string> {
  const { issuer: _issuer, subject: _subject, ...details } = agent;
  const row = await db
    .insertInto('agent')
    .values(agent)
    .onConflict((conflict) => conflict.columns(['issuer', 'subject']).doUpdateSet(details))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findAgent(db: Db, agentId: string) {
  return db.selectFrom('agent').selectAll().where('id', '=', agentId).executeTakeFirst();
}
