import { documentIdHeader, documentUploadPath } from '../../shared/documents.ts';
import { sendRaw, type ApiResult } from '../http/api-client.ts';
import type { PendingUpload } from '../offline/outbox.ts';

/**
 * The tus protocol (1.0.0, core and creation) over the app's one fetch wrapper, so a page and the
 * service worker (Background Sync) send uploads the same way. Small enough to write here: create
 * with POST, learn the offset with HEAD, send the rest with PATCH.
 */

/** About a megabyte: on a slow line the progress moves, and a cut costs at most one chunk. */
export const uploadChunkBytes = 1024 * 1024;

/** What the server answers once the last byte is in: the document the upload became. */
export interface DocumentUploaded {
  documentId: string;
}

export interface UploadHooks {
  /** Called once the server created the upload and after every chunk it confirmed: keep it, so a later attempt resumes there. */
  remember(upload: PendingUpload): Promise<void>;
  onProgress?(sent: number, total: number): void;
}

const tusResumable = { 'tus-resumable': '1.0.0' };

/**
 * Sends what remains of `upload`. An upload the server no longer knows (404 or 410: expired, or
 * discarded after a failure) starts again from the first byte rather than failing.
 */
export async function sendResumableUpload(
  upload: PendingUpload,
  metadata: Record<string, unknown>,
  hooks: UploadHooks,
): Promise<ApiResult<DocumentUploaded>> {
  const result = await resume(upload, metadata, hooks);
  if (result.ok || !upload.location || (result.status !== 404 && result.status !== 410)) return result;
  const fresh: PendingUpload = { file: upload.file, fileName: upload.fileName, offset: 0 };
  await hooks.remember(fresh);
  return resume(fresh, metadata, hooks);
}

async function resume(upload: PendingUpload, metadata: Record<string, unknown>, hooks: UploadHooks): Promise<ApiResult<DocumentUploaded>> {
  const size = upload.file.size;
  let location = upload.location;
  let offset: number;
  if (location) {
    // What the server has is the truth: a chunk may have arrived although its answer was lost.
    const head = await sendRaw<unknown>('HEAD', location, undefined, tusResumable);
    if (!head.ok) return refusal(head);
    offset = Number(head.headers.get('upload-offset'));
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > size) return unexpected;
    const documentId = head.headers.get(documentIdHeader);
    if (documentId) return uploaded(documentId);
    if (offset === size) return stillProcessing;
  } else {
    const created = await sendRaw<unknown>('POST', documentUploadPath, undefined, {
      ...tusResumable,
      'upload-length': String(size),
      'upload-metadata': encodeMetadata(metadata),
    });
    if (!created.ok) return refusal(created);
    location = created.headers.get('location') ?? undefined;
    if (!location) return unexpected;
    offset = 0;
    await hooks.remember({ ...upload, location, offset });
  }
  hooks.onProgress?.(offset, size);

  for (;;) {
    const chunk = upload.file.slice(offset, Math.min(size, offset + uploadChunkBytes));
    const patched = await sendRaw<unknown>('PATCH', location, chunk, {
      ...tusResumable,
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    });
    if (!patched.ok) return refusal(patched);
    const next = Number(patched.headers.get('upload-offset'));
    if (!Number.isSafeInteger(next) || next <= offset || next > size) return unexpected;
    offset = next;
    hooks.onProgress?.(offset, size);
    if (offset === size) {
      const documentId = patched.headers.get(documentIdHeader);
      return documentId ? uploaded(documentId) : stillProcessing;
    }
    await hooks.remember({ ...upload, location, offset });
  }
}

/** tus `Upload-Metadata`: `key base64(value)` pairs; an empty value is left out, as if not given. */
export function encodeMetadata(metadata: Record<string, unknown>): string {
  return Object.entries(metadata)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([key, value]) => `${key} ${base64(value)}`)
    .join(',');
}

function base64(value: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function uploaded(documentId: string): ApiResult<DocumentUploaded> {
  return { ok: true, status: 200, body: { documentId }, headers: new Headers() };
}

/** tus answers its own size refusal in plain text: name it as the locker does. */
function refusal(result: ApiResult<unknown> & { ok: false }): ApiResult<DocumentUploaded> {
  if (result.status === 413) return { ok: false, status: 413, error: { error: 'document_too_large' } };
  return result;
}

/** An answer that makes no sense is the server's problem: the entry waits and is tried again. */
const unexpected: ApiResult<DocumentUploaded> = { ok: false, status: 502, error: { error: 'unexpected' } };

/** Every byte is in but the document is not made yet (or its answer was lost): a later look tells. */
const stillProcessing: ApiResult<DocumentUploaded> = { ok: false, status: 409, error: { error: 'request_in_progress' } };
