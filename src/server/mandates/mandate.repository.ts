import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MandateRow, MandateTable } from './mandate.table.ts';

export async function insertMandate(db: Db, row: Insertable<MandateTable>): Promise<MandateRow> {
  return db.insertInto('mandate').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findMandateOfPerson(db: Db, personId: string, id: string): Promise<MandateRow | undefined> {
  return db.selectFrom('mandate').selectAll().where('id', '=', id).where('person_id', '=', personId).executeTakeFirst();
}

export async function listMandatesOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('mandate')
    .leftJoin('agent', 'agent.id', 'mandate.agent_id')
    .selectAll('mandate')
    .select(['agent.given_name as agent_given_name', 'agent.family_name as agent_family_name', 'agent.service as agent_service'])
    .where('mandate.person_id', '=', personId)
    .orderBy('mandate.requested_at', 'desc')
    .execute();
}

/** Moves a mandate only from the status the caller saw: a code checked twice at once grants once. */
export async function moveMandate(
  db: Db,
  id: string,
  from: MandateRow['status'],
  to: Pick<MandateRow, 'status'> & Partial<Pick<MandateRow, 'granted_at' | 'expires_at' | 'ended_at'>>,
): Promise<boolean> {
  const result = await db.updateTable('mandate').set(to).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Granted mandates of a person whose time is up, still marked granted. */
export async function listLapsedMandates(db: Db, personId: string, now: Date) {
  return db
    .selectFrom('mandate')
    .select(['id', 'agent_id', 'expires_at'])
    .where('person_id', '=', personId)
    .where('status', '=', 'granted')
    .where('expires_at', '<=', now)
    .execute();
}

/** The agent's granted mandate for this person covering a procedure (by itself, or by its service). */
export async function findCoveringMandate(
  db: Db,
  request: { personId: string; agentId: string; procedure: string; service: string; now: Date },
): Promise<MandateRow | undefined> {
  return db
    .selectFrom('mandate')
    .selectAll()
    .where('person_id', '=', request.personId)
    .where('agent_id', '=', request.agentId)
    .where('status', '=', 'granted')
    .where('expires_at', '>', request.now)
    .where((eb) =>
      eb.or([
        eb.and([eb('scope_kind', '=', 'procedure'), eb('scope_value', '=', request.procedure)]),
        eb.and([eb('scope_kind', '=', 'theme'), eb('scope_value', '=', request.service)]),
      ]),
    )
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();
}

/**
 * Holds the citizen's and the agent's rows until the transaction ends, so two code requests at
 * once are counted one after the other. Always the person first, then the agent: no deadlock.
 */
export async function lockCodeRequesters(db: Db, personId: string, agentId: string): Promise<void> {
  await db.selectFrom('person').select('id').where('id', '=', personId).forUpdate().execute();
  await db.selectFrom('agent').select('id').where('id', '=', agentId).forUpdate().execute();
}

/**
 * Consent codes sent since `since`, whatever became of them (pending, failed, granted, revoked):
 * how many to this citizen, how many by this agent, and when this citizen's last one was sent.
 */
export async function countRecentCodeRequests(
  db: Db,
  request: { personId: string; agentId: string; since: Date },
): Promise<{ toCitizen: number; byAgent: number; lastToCitizen: Date | null }> {
  const row = await db
    .selectFrom('mandate')
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('person_id', '=', request.personId).as('to_citizen'),
      eb.fn.countAll<string>().filterWhere('agent_id', '=', request.agentId).as('by_agent'),
      eb.fn.max('requested_at').filterWhere('person_id', '=', request.personId).as('last_to_citizen'),
    ])
    .where('consent_method', '=', 'sms_code')
    .where('requested_at', '>', request.since)
    .where((eb) => eb.or([eb('person_id', '=', request.personId), eb('agent_id', '=', request.agentId)]))
    .executeTakeFirstOrThrow();
  return {
    toCitizen: Number(row.to_citizen),
    byAgent: Number(row.by_agent),
    lastToCitizen: row.last_to_citizen === null ? null : new Date(row.last_to_citizen),
  };
}
