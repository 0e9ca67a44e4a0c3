import type { ColumnType, Selectable } from 'kysely';
import type { DocumentKind, DocumentMediaType, DocumentStatus } from '../../shared/documents.ts';

/** A proof in a citizen's locker. The content is elsewhere (a storage driver), encrypted. */
export interface DocumentTable {
  id: string;
  person_id: string;
  name: string;
  kind: DocumentKind;
  /** YYYY-MM-DD. */
  expires_on: ColumnType<string | null, string | null | undefined, string | null>;
  media_type: DocumentMediaType;
  size: number;
  sha256: string;
  status: DocumentStatus;
  /** The storage driver's key: a server-generated id, never a name from the citizen. */
  storage_key: string;
  /** The file's data key, wrapped by the master key `key_id` (see envelope-encryption.ts). */
  wrapped_key: string;
  key_id: string;
  /** False for an upload made during a procedure without the consent to keep it in the locker. */
  in_locker: boolean;
  /** Set when the citizen deletes a document a dossier still needs: hidden, kept for the dossier. */
  deleted_at: ColumnType<Date | null, never, Date | null>;
  reminder_sent_at: ColumnType<Date | null, never, Date | null>;
  created_at: ColumnType<Date, never, never>;
}

/** A resumable (tus) upload in progress; its encrypted bytes are its parts' (below). */
export interface DocumentUploadTable {
  id: string;
  person_id: string;
  size: number;
  /** Written once its fields are checked, after the file (a form upload learns them with it). */
  metadata: ColumnType<Record<string, string>, string, string>;
  wrapped_key: string;
  key_id: string;
  /** Set once the upload became a document, so a client that lost the last answer can learn it. */
  document_id: string | null;
  created_at: ColumnType<Date, never, never>;
}

/**
 * The encrypted segments one request of an upload brought, stored in the staging area (a folder
 * or the S3 bucket) under `storage_key`: where an upload stands is the sum of its parts, so any
 * instance can take the next chunk.
 */
export interface DocumentUploadPartTable {
  upload_id: string;
  first_segment: number;
  segments: number;
  plaintext_bytes: number;
  storage_key: string;
  created_at: ColumnType<Date, never, never>;
}

/** A document given as the answer to a procedure's question. */
export interface DossierDocumentTable {
  dossier_id: string;
  document_id: string;
  question: string;
}

export type DocumentRow = Selectable<DocumentTable>;
export type DocumentUploadRow = Selectable<DocumentUploadTable>;
