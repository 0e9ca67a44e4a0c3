import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Upload } from '@tus/server';
import type { FastifyRequest } from 'fastify';
import { csrfFormField, idempotencyFormField, isIdempotencyKey } from '../../shared/http.ts';
import { citizenOf } from '../auth/principal.ts';
import type { Db } from '../db/database.ts';
import { idempotencyScope } from '../http/idempotency.ts';
import { assertFromOurPages } from '../security/csrf.ts';
import { findUpload } from './document.repository.ts';
import { ownerMetadataKey, uploadRequest, type EncryptedUploadStore } from './encrypted-upload.store.ts';

/** The file a form brought, staged encrypted like a tus upload, not yet checked. */
export interface StagedFile {
  uploadId: string;
  /** The type the browser declared; the content decides in the end (promoteUpload). */
  declaredType: string;
  size: number;
  /** More bytes than the limit came: only the first `maxBytes` were kept, to be discarded. */
  tooLarge: boolean;
  /** The same form was sent before (same idempotency key): its document, if it became one. */
  earlier?: { documentId: string | null };
}

export interface FormUpload {
  fields: Record<string, string>;
  file: StagedFile | undefined;
}

/** Room for the text fields and the multipart framing beside the file. */
const formOverhead = 64 * 1024;

const received = new WeakMap<FastifyRequest, FormUpload>();

/** What `receiveFormUpload` read from this request. */
export function formUploadOf(request: FastifyRequest): FormUpload {
  return received.get(request) ?? { fields: {}, file: undefined };
}

/**
 * `@fastify/multipart`'s options for the scope: past the limit a file is cut short and marked
 * (not thrown), so the form comes back saying so.
 */
export function formUploadParser(maxBytes: number) {
  return { throwFileSizeLimit: false, limits: { fileSize: maxBytes, files: 1 } };
}

/**
 * A `preValidation` hook reading a `multipart/form-data` post (needs `@fastify/multipart` with
 * `formUploadParser` in the scope): its text fields become the body (so the CSRF check and the shared schema read them as
 * for any form), and its one file streams, encrypted as it arrives, into the same store as the
 * resumable uploads: plaintext never touches a disk. The CSRF token is checked when the file
 * starts, before a byte of it is stored; the form puts its hidden fields first.
 */
export function receiveFormUpload(options: { db: Db; uploads: EncryptedUploadStore; maxBytes: number; fileField: string }) {
  const { db, uploads, maxBytes, fileField } = options;
  return async function formUploadHook(request: FastifyRequest) {
    if (!request.isMultipart()) return;
    const fields: Record<string, string> = {};
    let file: StagedFile | undefined;
    // The file's size limit is the locker's; the text fields are short.
    const parts = request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 10_000, parts: 21 } });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && !(part.fieldname in fields)) fields[part.fieldname] = part.value;
        continue;
      }
      // A form with no file chosen still sends an empty, nameless part.
      if (part.fieldname !== fileField || part.filename === '' || file) {
        part.file.resume();
        continue;
      }
      request.body = fields;
      assertFromOurPages(request);
      file = await stage(request, part.file as Readable & { truncated: boolean }, part.mimetype, fields[idempotencyFormField]);
    }
    request.body = fields;
    received.set(request, { fields: Object.fromEntries(Object.entries(fields).filter(([name]) => name !== csrfFormField)), file });
  };

  async function stage(
    request: FastifyRequest,
    stream: Readable & { truncated: boolean },
    declaredType: string,
    key: string | undefined,
  ): Promise<StagedFile> {
    const { personId } = citizenOf(request);
    // A body that says it is larger than the limit (and the form's fields) is refused unread.
    if (Number(request.headers['content-length'] ?? 0) > maxBytes + formOverhead) {
      stream.resume();
      return { uploadId: randomUUID(), declaredType, size: 0, tooLarge: true };
    }
    const uploadId = uploadIdOf(idempotencyScope(request), key);
    const earlier = await findUpload(db, uploadId);
    if (earlier) {
      stream.resume();
      return { uploadId, declaredType, size: earlier.size, tooLarge: false, earlier: { documentId: earlier.document_id } };
    }
    const size = await uploadRequest.run({ personId, uploadId }, async () => {
      // The size is the file's once it is read: the row is corrected then (describeUpload).
      await uploads.create(new Upload({ id: uploadId, size: 0, offset: 0, metadata: { [ownerMetadataKey]: personId } }));
      return uploads.write(stream, uploadId, 0);
    });
    return { uploadId, declaredType, size, tooLarge: stream.truncated };
  }
}

/**
 * The upload's id, made from the form's idempotency key: the same form sent twice (a double
 * press, a resend after a lost answer) names the same upload and stores its file once.
 */
function uploadIdOf(scope: string, key: string | undefined): string {
  if (!isIdempotencyKey(key)) return randomUUID();
  const hex = createHash('sha256').update(`form-upload:${scope}:${key}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
