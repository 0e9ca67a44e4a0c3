import { sql, type Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DocumentTable, DocumentUploadPartTable, DocumentUploadTable } from './document.table.ts';

export async function insertDocument(db: Db, row: Insertable<DocumentTable>) {
  return db.insertInto('document').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The citizen's locker: kept documents they have not deleted, newest first. */
export async function listDocumentsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('document')
    .selectAll()
    .where('person_id', '=', personId)
    .where('in_locker', '=', true)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
}

/** One of the citizen's own documents (in the locker or given to a procedure); never anyone else's. */
export async function findDocumentOfPerson(db: Db, id: string, personId: string) {
  return db
    .selectFrom('document')
    .selectAll()
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function isAttachedToDossier(db: Db, documentId: string): Promise<boolean> {
  const row = await db.selectFrom('dossier_document').select('document_id').where('document_id', '=', documentId).executeTakeFirst();
  return row !== undefined;
}

export async function markDocumentDeleted(db: Db, id: string): Promise<void> {
  await db
    .updateTable('document')
    .set({ deleted_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function deleteDocumentRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('document_upload').where('document_id', '=', id).execute();
  await db.deleteFrom('document').where('id', '=', id).execute();
}

export async function attachDocument(db: Db, row: { dossier_id: string; document_id: string; question: string }): Promise<void> {
  await db.insertInto('dossier_document').values(row).execute();
}

/** The documents attached to a dossier, as its case handler sees them. */
export async function listDossierDocuments(db: Db, dossierId: string) {
  return db
    .selectFrom('dossier_document')
    .innerJoin('document', 'document.id', 'dossier_document.document_id')
    .selectAll('document')
    .select('dossier_document.question')
    .where('dossier_document.dossier_id', '=', dossierId)
    .orderBy('dossier_document.question')
    .execute();
}

export async function findDossierDocument(db: Db, dossierId: string, documentId: string) {
  return db
    .selectFrom('dossier_document')
    .innerJoin('document', 'document.id', 'dossier_document.document_id')
    .selectAll('document')
    .where('dossier_document.dossier_id', '=', dossierId)
    .where('dossier_document.document_id', '=', documentId)
    .executeTakeFirst();
}

/** "Who viewed my documents": the audit lines of agents opening one of the person's documents. */
export async function listViewingsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('audit_log')
    .innerJoin('document', (join) => join.on(sql`document.id::text`, '=', sql.ref('audit_log.subject_id')))
    .leftJoin('agent', (join) => join.on(sql`agent.id::text`, '=', sql.ref('audit_log.actor_id')))
    .select(['audit_log.at', 'audit_log.details', 'document.id as document_id', 'document.name as document_name'])
    .select(['agent.given_name', 'agent.family_name', 'agent.service'])
    .where('audit_log.subject_type', '=', 'document')
    .where('audit_log.action', '=', 'document.viewed')
    .where('document.person_id', '=', personId)
    .orderBy('audit_log.id', 'desc')
    .limit(200)
    .execute();
}

export async function insertUpload(db: Db, row: Insertable<DocumentUploadTable>): Promise<void> {
  await db.insertInto('document_upload').values(row).execute();
}

/** A form upload's size and checked fields, known only once its file has arrived whole. */
export async function describeUpload(db: Db, id: string, details: { size: number; metadata: Record<string, string> }): Promise<void> {
  await db
    .updateTable('document_upload')
    .set({ size: details.size, metadata: JSON.stringify(details.metadata) })
    .where('id', '=', id)
    .where('document_id', 'is', null)
    .execute();
}

export async function findUpload(db: Db, id: string) {
  return db.selectFrom('document_upload').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setUploadDocument(db: Db, uploadId: string, documentId: string): Promise<void> {
  await db.updateTable('document_upload').set({ document_id: documentId }).where('id', '=', uploadId).execute();
}

export async function deleteUpload(db: Db, id: string): Promise<void> {
  await db.deleteFrom('document_upload').where('id', '=', id).execute();
}

/** Where an upload stands: the segments and plaintext bytes its parts hold. */
export async function uploadProgress(db: Db, uploadId: string): Promise<{ segments: number; plaintextBytes: number }> {
  const row = await db
    .selectFrom('document_upload_part')
    .select([sql<string>`coalesce(sum(segments), 0)`.as('segments'), sql<string>`coalesce(sum(plaintext_bytes), 0)`.as('plaintext_bytes')])
    .where('upload_id', '=', uploadId)
    .executeTakeFirstOrThrow();
  return { segments: Number(row.segments), plaintextBytes: Number(row.plaintext_bytes) };
}

/**
 * Records a part unless another request already wrote from the same segment (two instances given
 * the same chunk): false then, and the caller drops its copy.
 */
export async function insertUploadPart(db: Db, part: Insertable<DocumentUploadPartTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('document_upload_part')
    .values(part)
    .onConflict((conflict) => conflict.columns(['upload_id', 'first_segment']).doNothing())
    .returning('storage_key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function listUploadParts(db: Db, uploadId: string) {
  return db
    .selectFrom('document_upload_part')
    .select(['storage_key', 'first_segment'])
    .where('upload_id', '=', uploadId)
    .orderBy('first_segment')
    .execute();
}

export async function deleteUploadParts(db: Db, uploadId: string) {
  return db.deleteFrom('document_upload_part').where('upload_id', '=', uploadId).returning('storage_key').execute();
}

/** Uploads older than the cut-off, finished or abandoned: their rows go, and the keys of their parts are returned to delete. */
export async function deleteStaleUploads(db: Db, before: Date) {
  return db.transaction().execute(async (trx) => {
    const stale = trx.selectFrom('document_upload').select('id').where('created_at', '<', before);
    const parts = await trx.deleteFrom('document_upload_part').where('upload_id', 'in', stale).returning('storage_key').execute();
    const uploads = await trx.deleteFrom('document_upload').where('created_at', '<', before).returning('id').execute();
    return { uploads: uploads.length, partKeys: parts.map((part) => part.storage_key) };
  });
}

/**
 * Claims the documents to remind about: expiring on or before `until`, not reminded yet. The
 * update marks them in the same statement, so two job runs (or two servers) never both remind.
 */
export async function claimExpiryReminders(db: Db, until: string) {
  return db
    .updateTable('document')
    .set({ reminder_sent_at: sql<Date>`now()` })
    .where('reminder_sent_at', 'is', null)
    .where('deleted_at', 'is', null)
    .where('in_locker', '=', true)
    .where('expires_on', 'is not', null)
    .where('expires_on', '<=', until)
    .returning(['id', 'person_id', 'kind', 'expires_on'])
    .execute();
}
