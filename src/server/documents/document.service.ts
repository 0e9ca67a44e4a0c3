import { createHash, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import * as v from 'valibot';
import {
  documentUploadMetadataSchema,
  type DocumentUploadRefusal,
  type DocumentView,
  type DocumentViewing,
} from '../../shared/documents.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import type { AgentPrincipal } from '../auth/principal.ts';
import { checkContentType, headBytes, polyglotDetector } from './content-check.ts';
import type { DocumentStorage } from './document-storage.ts';
import {
  deleteDocumentRow,
  findDocumentOfPerson,
  findUpload,
  insertDocument,
  isAttachedToDossier,
  listViewingsOfPerson,
  markDocumentDeleted,
  setUploadDocument,
} from './document.repository.ts';
import type { DocumentRow } from './document.table.ts';
import type { EncryptedUploadStore } from './encrypted-upload.store.ts';
import { segmentDecrypter, unwrapDataKey, type MasterKeys } from './envelope-encryption.ts';
import type { VirusScanner } from './virus-scanner.ts';

export interface DocumentServices {
  db: Db;
  keys: MasterKeys;
  storage: DocumentStorage;
  uploads: EncryptedUploadStore;
  /** Undefined when no antivirus is configured (documents stay `unscanned`). */
  scanner: VirusScanner | undefined;
  log: FastifyBaseLogger;
}

export function documentView(row: DocumentRow): DocumentView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    mediaType: row.media_type,
    size: row.size,
    expiresOn: row.expires_on,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

/** Refused uploads answer with a status and a body the browser turns into a translated message. */
export class UploadRefusedError extends Error {
  constructor(
    readonly statusCode: number,
    readonly refusal: DocumentUploadRefusal,
  ) {
    super(refusal.error);
  }
}

/**
 * A finished upload becomes a document: its type is decided by its content, it is searched for a
 * hidden second format and scanned for viruses, then its (still encrypted) bytes move to the
 * storage driver under the server's id. Refused, nothing of it is kept.
 */
export async function promoteUpload(services: DocumentServices, uploadId: string): Promise<DocumentRow> {
  const { db, uploads } = services;
  const upload = await findUpload(db, uploadId);
  if (!upload) throw new HttpError('not_found');
  try {
    return await promote(services, uploadId, upload.person_id, upload.metadata, upload);
  } catch (error) {
    await uploads.discard(uploadId);
    throw error;
  }
}

async function promote(
  services: DocumentServices,
  uploadId: string,
  personId: string,
  rawMetadata: Record<string, string>,
  upload: { size: number; wrapped_key: string; key_id: string },
): Promise<DocumentRow> {
  const { db, uploads, storage, scanner } = services;
  const metadata = v.safeParse(documentUploadMetadataSchema, rawMetadata);
  if (!metadata.success) throw new UploadRefusedError(422, { error: 'validation' });

  // One pass over the plaintext: the first bytes for the type, every byte for the hash and the
  // polyglot search, and a copy for the antivirus as it goes.
  const head = await readHead(await uploads.plaintext(uploadId), headBytes);
  const verdict = await checkContentType(head, metadata.output.filetype);
  if (!verdict.ok) throw new UploadRefusedError(verdict.error === 'document_empty' ? 422 : 415, { error: verdict.error });
  const hash = createHash('sha256');
  const polyglot = polyglotDetector(verdict.mediaType);
  const plaintext = await uploads.plaintext(uploadId);
  const forScanner = scanner ? new PassThrough() : undefined;
  const scanning = scanner && forScanner ? scanner.scan(forScanner) : undefined;
  let size = 0;
  for await (const chunk of plaintext as AsyncIterable<Buffer>) {
    hash.update(chunk);
    polyglot.update(chunk);
    size += chunk.length;
    if (forScanner && !forScanner.write(chunk)) await new Promise((resolve) => forScanner.once('drain', resolve));
  }
  forScanner?.end();
  const scan = scanning ? await scanning : undefined;
  if (size !== upload.size) throw new UploadRefusedError(422, { error: 'document_empty' });
  if (polyglot.finish()) throw new UploadRefusedError(415, { error: 'document_type_refused' });

  const assembled = await uploads.assemble(uploadId);
  try {
    await storage.putFile(uploadId, assembled.file, assembled.size);
  } finally {
    await rm(assembled.file, { force: true });
  }
  const document = await db.transaction().execute(async (trx) => {
    const row = await insertDocument(trx, {
      id: randomUUID(),
      person_id: personId,
      name: metadata.output.name,
      kind: metadata.output.kind,
      expires_on: metadata.output.expires_on ?? null,
      media_type: verdict.mediaType,
      size,
      sha256: hash.digest('hex'),
      status: !scan ? 'unscanned' : scan.infected ? 'quarantined' : 'clean',
      storage_key: uploadId,
      wrapped_key: upload.wrapped_key,
      key_id: upload.key_id,
      in_locker: metadata.output.keep === 'yes',
    });
    await setUploadDocument(trx, uploadId, row.id);
    return row;
  });
  await uploads.discardStaging(uploadId);
  if (scan?.infected) {
    // The signature name is not personal data; the document's name may be, so it stays out.
    services.log.warn({ document: document.id, signature: scan.signature }, 'infected document quarantined');
    throw new UploadRefusedError(422, { error: 'document_infected' });
  }
  return document;
}

async function readHead(stream: Readable, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    total += chunk.length;
    if (total >= length) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, length);
}

/** The plaintext of a stored document, decrypted as it streams; quarantined ones are never served. */
export async function documentContent(services: Pick<DocumentServices, 'keys' | 'storage'>, row: DocumentRow): Promise<Readable> {
  if (row.status === 'quarantined') throw new HttpError('document_quarantined');
  const dataKey = unwrapDataKey(services.keys, { wrappedKey: row.wrapped_key, keyId: row.key_id });
  const encrypted = await services.storage.get(row.storage_key);
  const decrypter = segmentDecrypter(dataKey, row.storage_key);
  encrypted.on('error', (error) => decrypter.destroy(error));
  return encrypted.pipe(decrypter);
}

export async function documentOfCitizen(db: Db, personId: string, id: string): Promise<DocumentRow> {
  const row = await findDocumentOfPerson(db, id, personId);
  // Another citizen's id and no id at all answer alike, so ids cannot be probed.
  if (!row) throw new HttpError('not_found');
  return row;
}

/**
 * Deleting a document a dossier still needs only takes it out of the locker: the case handler
 * keeps what they were given. Otherwise the file and its row go.
 */
export async function deleteDocument(services: Pick<DocumentServices, 'db' | 'storage'>, row: DocumentRow): Promise<void> {
  const { db, storage } = services;
  if (await isAttachedToDossier(db, row.id)) {
    await markDocumentDeleted(db, row.id);
    return;
  }
  await deleteDocumentRow(db, row.id);
  await storage.delete(row.storage_key);
}

/** An agent opens a document of a dossier of their service: written to the audit log first. */
export async function recordAgentView(db: Db, agent: AgentPrincipal, document: DocumentRow, dossierReference: string): Promise<void> {
  await recordAudit(db, {
    actor: { kind: 'agent', id: agent.agentId },
    action: 'document.viewed',
    subject: { type: 'document', id: document.id },
    details: { dossier: dossierReference },
  });
}

export async function viewingsOfCitizen(db: Db, personId: string): Promise<DocumentViewing[]> {
  const rows = await listViewingsOfPerson(db, personId);
  return rows.map((row) => {
    const details = (row.details ?? {}) as { dossier?: unknown };
    return {
      documentId: row.document_id,
      documentName: row.document_name,
      at: row.at.toISOString(),
      agentName: [row.given_name, row.family_name].filter(Boolean).join(' '),
      service: row.service ?? '',
      dossierReference: typeof details.dossier === 'string' ? details.dossier : '',
    };
  });
}
