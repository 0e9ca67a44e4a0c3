import { sql, type Insertable } from 'kysely';
import type { DossierStatus } from '../../shared/dossier-state.ts';
import type { FormValues } from '../../shared/procedures/answers.ts';
import type { ServiceId } from '../../shared/procedures/definition.ts';
import type { Db } from '../db/database.ts';
import type { DossierEventTable, DossierTable } from './procedure.table.ts';

/** The new dossier, or nothing when its (random) reference is already taken: the caller draws another. */
export async function insertDossier(db: Db, row: Insertable<DossierTable>) {
  return db
    .insertInto('dossier')
    .values(row)
    .onConflict((conflict) => conflict.column('reference').doNothing())
    .returning(['id', 'reference', 'procedure', 'status', 'person_id', 'contact_phone', 'submitted_by_agent_id', 'language'])
    .executeTakeFirst();
}

export async function insertDossierEvent(db: Db, row: Insertable<DossierEventTable>): Promise<void> {
  await db.insertInto('dossier_event').values(row).execute();
}

const summaryColumns = ['id', 'reference', 'procedure', 'service', 'status', 'person_id', 'created_at', 'updated_at'] as const;

export async function listDossiersOfPerson(db: Db, personId: string) {
  return db.selectFrom('dossier').select(summaryColumns).where('person_id', '=', personId).orderBy('created_at', 'desc').execute();
}

export async function listDossiersOfService(db: Db, service: ServiceId, filter: { status?: DossierStatus; olderThanDays?: number }) {
  let query = db.selectFrom('dossier').select(summaryColumns).where('service', '=', service).where('status', '<>', 'draft');
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.olderThanDays !== undefined) {
    query = query.where('created_at', '<=', sql<Date>`now() - make_interval(days => ${filter.olderThanDays})`);
  }
  return query.orderBy('created_at', 'asc').limit(200).execute();
}

export async function findDossierByReference(db: Db, reference: string) {
  return db.selectFrom('dossier').selectAll().where('reference', '=', reference).executeTakeFirst();
}

export async function listDossierEvents(db: Db, dossierId: string) {
  return db.selectFrom('dossier_event').selectAll().where('dossier_id', '=', dossierId).orderBy('id').execute();
}

/** Moves a dossier only if it is still where the caller saw it: two agents never both win. */
export async function updateDossierStatus(db: Db, id: string, from: DossierStatus, to: DossierStatus): Promise<boolean> {
  const result = await db
    .updateTable('dossier')
    .set({ status: to, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The latest answers a person gave to a procedure, for "tell us once" pre-fills. */
export async function latestAnswersOfPerson(
  db: Db,
  personId: string,
  procedure: string,
): Promise<{ reference: string; answers: FormValues } | undefined> {
  return db
    .selectFrom('dossier')
    .select(['reference', 'answers'])
    .where('person_id', '=', personId)
    .where('procedure', '=', procedure)
    .where('status', '<>', 'draft')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findDraft(db: Db, personId: string, procedure: string) {
  return db
    .selectFrom('procedure_draft')
    .selectAll()
    .where('person_id', '=', personId)
    .where('procedure', '=', procedure)
    .executeTakeFirst();
}

export async function saveDraft(db: Db, personId: string, procedure: string, answers: FormValues): Promise<void> {
  await db
    .insertInto('procedure_draft')
    .values({ person_id: personId, procedure, answers: JSON.stringify(answers) })
    .onConflict((conflict) =>
      conflict.columns(['person_id', 'procedure']).doUpdateSet({ answers: JSON.stringify(answers), updated_at: sql<Date>`now()` }),
    )
    .execute();
}

export async function deleteDraft(db: Db, personId: string, procedure: string): Promise<void> {
  await db.deleteFrom('procedure_draft').where('person_id', '=', personId).where('procedure', '=', procedure).execute();
}

/** The dossier a citizen filed with this idempotency key, if any: a second press of "Send" finds the first. */
export async function findDossierBySubmissionKey(db: Db, personId: string, key: string) {
  return db
    .selectFrom('dossier')
    .select(['reference', 'procedure'])
    .where('person_id', '=', personId)
    .where('submission_key', '=', key)
    .executeTakeFirst();
}
