import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SessionTable } from './session.table.ts';

export async function insertSession(db: Db, row: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('session').values(row).execute();
}

/** The session and, for an agent, the role and service their row holds since their last sign-in (one round trip). */
export async function findSession(db: Db, idHash: string) {
  return db
    .selectFrom('session')
    .leftJoin('agent', 'agent.id', 'session.agent_id')
    .selectAll('session')
    .select(['agent.role as agent_role', 'agent.service_id as agent_service_id', 'agent.service as agent_unit'])
    .where('session.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function updateSession(db: Db, idHash: string, changes: Updateable<SessionTable>): Promise<void> {
  await db.updateTable('session').set(changes).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('session').where('id_hash', '=', idHash).execute();
}

/** Sessions nobody used since `idleSince`, or opened before `openedBefore`: they can never be used again. */
export async function deleteExpiredSessions(db: Db, idleSince: Date, openedBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleSince), eb('created_at', '<', openedBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
