import * as v from 'valibot';
import { hasForbiddenCharacter } from './validation.ts';

/** What a proof is for; a procedure question names the kinds it accepts. */
export const documentKinds = ['identity', 'proof_of_address', 'income', 'family_record_book', 'other'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** The types the locker keeps, decided by the file's content on the server. */
export const documentMediaTypes = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export type DocumentMediaType = (typeof documentMediaTypes)[number];

/** 20 MB unless the server is configured otherwise; the browser reads the real limit from the list. */
export const defaultDocumentMaxBytes = 20 * 1024 * 1024;

/** Sent with the last answer of an upload (and any later look at it): the document it became. */
export const documentIdHeader = 'Guichet-Document-Id';

/** Where tus uploads are created; each upload then lives at `<path>/<id>`. */
export const documentUploadPath = '/api/documents/uploads';

/** Days before the expiry date from which a document is flagged in the list. */
export const expirySoonDays = 30;

const documentId = v.pipe(v.string(), v.uuid());
export const documentParamsSchema = v.object({ id: documentId });
export const agentDocumentParamsSchema = v.object({ reference: v.pipe(v.string(), v.regex(/^GU-\d{4}-\d{6,}$/)), id: documentId });

/**
 * What the citizen tells about a new document, sent as tus `Upload-Metadata` (strings only).
 * `keep` is the consent to keep it in the locker; without it a procedure's upload serves that
 * procedure only.
 */
export const documentUploadMetadataSchema = v.object({
  name: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.nonEmpty('documents:errors.name_required'),
    v.maxLength(120, 'documents:errors.name_too_long'),
    // A name is a label, never a path: separators, `..` and control characters are refused.
    v.check(
      (name) => !/[/\\]/.test(name) && !name.includes('..') && !hasForbiddenCharacter(name, 'single'),
      'documents:errors.name_characters',
    ),
  ),
  kind: v.picklist(documentKinds, 'documents:errors.kind_required'),
  expires_on: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.check((value) => value === '' || (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))), 'documents:errors.expiry'),
    v.transform((value) => (value === '' ? undefined : value)),
  ),
  filetype: v.pipe(v.optional(v.string(), ''), v.maxLength(100)),
  keep: v.optional(v.picklist(['yes', 'no']), 'yes'),
});
export type DocumentUploadMetadata = v.InferOutput<typeof documentUploadMetadataSchema>;

export type DocumentStatus = 'clean' | 'unscanned' | 'quarantined';

export interface DocumentView {
  id: string;
  name: string;
  kind: DocumentKind;
  mediaType: DocumentMediaType;
  size: number;
  /** YYYY-MM-DD, or null when the document does not expire. */
  expiresOn: string | null;
  /** Quarantined documents are listed (the citizen knows why) but never served. */
  status: DocumentStatus;
  createdAt: string;
}

/** A document as the case handler of a dossier sees it: which question it answers. */
export interface AttachedDocument extends DocumentView {
  question: string;
}

export interface DocumentList {
  documents: DocumentView[];
  /** The server's upload limit, so the browser refuses a too-large file before sending a byte. */
  maxBytes: number;
}

/** "Who viewed my documents": an agent opened one, for a dossier of their service. */
export interface DocumentViewing {
  documentId: string;
  documentName: string;
  at: string;
  agentName: string;
  service: string;
  dossierReference: string;
}

/** The body of a refused upload: an i18n key the browser shows in its error summary. */
export interface DocumentUploadRefusal {
  error: 'document_type_refused' | 'document_type_mismatch' | 'document_too_large' | 'document_infected' | 'document_empty' | 'validation';
  fields?: Record<string, string>;
}

/** Whether a document expires within `expirySoonDays` of `today` (or has expired). */
export function expiresSoon(expiresOn: string | null, today: Date): boolean {
  if (!expiresOn) return false;
  const limit = new Date(today.getTime() + expirySoonDays * 86_400_000).toISOString().slice(0, 10);
  return expiresOn <= limit;
}

const formField = v.optional(v.string(), '');

/**
 * The "add a document" form as the citizen fills it (the expiry date in three boxes, the chosen
 * file as "type;size"), turned into the upload's metadata; every problem is reported at once.
 */
export function documentFormSchema(maxBytes: number) {
  return v.pipe(
    v.object({
      name: formField,
      kind: formField,
      'expires_on.day': formField,
      'expires_on.month': formField,
      'expires_on.year': formField,
      file: formField,
    }),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const values = dataset.value;
      const at = (key: string): [v.ObjectPathItem] => [{ type: 'object', origin: 'value', input: values, key, value: '' }];
      const [day, month, year] = [values['expires_on.day'], values['expires_on.month'], values['expires_on.year']].map((part) =>
        part.trim(),
      ) as [string, string, string];
      let expiresOn = '';
      let expiryValid = true;
      if (day !== '' || month !== '' || year !== '') {
        const date = new Date(`${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}T00:00:00Z`);
        expiryValid =
          /^\d{4}$/.test(year) &&
          /^\d{1,2}$/.test(month) &&
          /^\d{1,2}$/.test(day) &&
          !Number.isNaN(date.getTime()) &&
          date.getUTCDate() === Number(day);
        if (expiryValid) expiresOn = date.toISOString().slice(0, 10);
      }
      const checked = v.safeParse(documentUploadMetadataSchema, { name: values.name, kind: values.kind, expires_on: expiresOn });
      if (!checked.success) {
        for (const issue of checked.issues) addIssue({ message: issue.message, ...(issue.path ? { path: issue.path } : {}) });
      }
      if (!expiryValid) addIssue({ message: 'documents:errors.expiry', path: at('expires_on') });
      const [type = '', size = ''] = values.file.split(';');
      const fileError = checkFile(values.file === '' ? undefined : { type, size: Number(size) }, maxBytes);
      if (fileError) addIssue({ message: fileError, path: at('file') });
      return checked.success && expiryValid && !fileError ? checked.output : NEVER;
    }),
  );
}

/** A file the locker can take, before a byte is sent: its declared type and its size. */
export function checkFile(file: { type: string; size: number } | undefined, maxBytes: number): string | undefined {
  if (!file) return 'documents:errors.file_required';
  if (file.size === 0) return 'documents:errors.document_empty';
  if (!documentMediaTypes.some((type) => type === file.type)) return 'documents:errors.document_type_refused';
  if (file.size > maxBytes) return 'documents:errors.document_too_large';
  return undefined;
}

/**
 * Where "add a document" may send the citizen back once it is added: a procedure's step, whose
 * document question then offers it (the no-JavaScript way to answer one with a new file).
 */
export const documentReturnPattern = /^\/procedures\/[a-z0-9-]+\/steps\/[a-z0-9_-]+$/;
