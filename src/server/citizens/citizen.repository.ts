import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** People with this number verified by an SMS code; an unverified number proves nothing. */
export async function findPeopleByVerifiedPhone(db: Db, phone: string): Promise<string[]> {
  const rows = await db
    .selectFrom('person_phone')
    .select('person_id')
    .distinct()
    .where('phone', '=', phone)
    .where('verified_at', 'is not', null)
    .limit(20)
    .execute();
  return rows.map((row) => row.person_id);
}

/** People whose given and family names, in either order, contain every word typed. */
export async function findPeopleByName(db: Db, words: string[]): Promise<string[]> {
  let query = db.selectFrom('person_identity').select('person_id').distinct();
  for (const word of words) {
    const pattern = `%${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    query = query.where(sql<string>`coalesce(given_name, '') || ' ' || coalesce(family_name, '')`, 'ilike', pattern);
  }
  const rows = await query.limit(20).execute();
  return rows.map((row) => row.person_id);
}

export async function personExists(db: Db, personId: string): Promise<boolean> {
  return (await db.selectFrom('person').select('id').where('id', '=', personId).executeTakeFirst()) !== undefined;
}

/** Every event of every dossier of a person (drafts are the citizen's own business). */
export async function listDossierEventsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('dossier_event')
    .innerJoin('dossier', 'dossier.id', 'dossier_event.dossier_id')
    .select([
      'dossier.reference',
      'dossier.procedure',
      'dossier_event.at',
      'dossier_event.action',
      'dossier_event.actor_kind',
      'dossier_event.channel',
    ])
    .where('dossier.person_id', '=', personId)
    .where('dossier.status', '<>', 'draft')
    .orderBy('dossier_event.at', 'desc')
    .limit(200)
    .execute();
}

/** Messages sent to a person: what and how, never their text (a code, an address). */
export async function listNotificationsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('notification')
    .select(['template', 'channel', 'status', 'created_at'])
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

/** The person's documents given with a dossier: what they shared, with which request, when it was sent. */
export async function listSharedDocumentsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('dossier_document')
    .innerJoin('dossier', 'dossier.id', 'dossier_document.dossier_id')
    .innerJoin('document', 'document.id', 'dossier_document.document_id')
    .select(['dossier.reference', 'dossier.created_at', 'document.name', 'document.kind'])
    .where('dossier.person_id', '=', personId)
    .where('dossier.status', '!=', 'draft')
    .orderBy('dossier.created_at', 'desc')
    .limit(200)
    .execute();
}
