import * as tus from 'tus-js-client';
import { documentIdHeader, documentUploadPath, type DocumentUploadMetadata } from '../../shared/documents.ts';
import { csrfHeader } from '../../shared/http.ts';
import { getJson } from '../http/api-client.ts';

/** The file as it will be sent: a photo downscaled and re-encoded on the device, a PDF as it is. */
export interface PreparedFile {
  file: File;
  originalSize: number;
  /** True when the photo was re-encoded (which also drops its metadata: GPS position, camera). */
  reencoded: boolean;
}

const longSideLimit = 2000;

/**
 * Re-encodes a photo on the phone before it travels: long side at most 2,000 px, JPEG. Drawing
 * the pixels into a canvas keeps none of the original's metadata (EXIF, GPS). A PDF, or an image
 * the browser cannot decode (HEIC in most), is sent as it is.
 */
export async function prepareFile(original: File): Promise<PreparedFile> {
  const untouched = { file: original, originalSize: original.size, reencoded: false };
  if (!['image/jpeg', 'image/png', 'image/webp'].includes(original.type) || typeof createImageBitmap !== 'function') return untouched;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(original);
  } catch {
    return untouched;
  }
  const scale = Math.min(1, longSideLimit / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const context = canvas.getContext('2d');
  if (!context) return untouched;
  // JPEG has no transparency: a white page behind a transparent PNG reads like paper.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob) return untouched;
  const name = original.name.replace(/\.[^.]*$/, '') + '.jpg';
  // The original's date and the same encoding give the same fingerprint after a reload, so tus resumes.
  return {
    file: new File([blob], name, { type: 'image/jpeg', lastModified: original.lastModified }),
    originalSize: original.size,
    reencoded: true,
  };
}

export type UploadOutcome = { ok: true; documentId: string } | { ok: false; error: string };

interface UploadOptions {
  metadata: Pick<DocumentUploadMetadata, 'name' | 'kind' | 'expires_on' | 'keep'>;
  onProgress: (sent: number, total: number) => void;
}

/**
 * A resumable upload (tus): chunks of a few megabytes, retried with growing pauses when the
 * connection drops, and resumed after a reload from where the server says it stopped (the
 * upload's address is kept in this browser's storage until it succeeds).
 */
export async function uploadToLocker(prepared: PreparedFile, options: UploadOptions): Promise<UploadOutcome> {
  // tus sends with its own transport: it carries the CSRF token the server gives for this session.
  const csrf = await getJson<{ token: string }>('/api/csrf');
  if (!csrf.ok) return { ok: false, error: 'documents:errors.network' };
  const { metadata } = options;
  return new Promise((resolve) => {
    const upload = new tus.Upload(prepared.file, {
      endpoint: documentUploadPath,
      chunkSize: 2 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10_000, 20_000, 30_000],
      removeFingerprintOnSuccess: true,
      headers: { [csrfHeader]: csrf.body.token },
      metadata: {
        name: metadata.name,
        kind: metadata.kind,
        expires_on: metadata.expires_on ?? '',
        keep: metadata.keep,
        filetype: prepared.file.type,
      },
      onProgress: options.onProgress,
      onSuccess: ({ lastResponse }) => {
        const documentId = lastResponse.getHeader(documentIdHeader);
        resolve(documentId ? { ok: true, documentId } : { ok: false, error: 'documents:errors.unexpected' });
      },
      onError: (error) => {
        const response = (error as tus.DetailedError).originalResponse;
        if (!response) {
          resolve({ ok: false, error: 'documents:errors.network' });
          return;
        }
        let code: string;
        try {
          code = (JSON.parse(response.getBody()) as { error?: string }).error ?? '';
        } catch {
          code = response.getStatus() === 413 ? 'document_too_large' : '';
        }
        resolve({ ok: false, error: refusals.has(code) ? `documents:errors.${code}` : 'documents:errors.unexpected' });
      },
    });
    void upload.findPreviousUploads().then((previous) => {
      const latest = previous[0];
      if (latest) upload.resumeFromPreviousUpload(latest);
      upload.start();
    });
  });
}

const refusals = new Set([
  'document_type_refused',
  'document_type_mismatch',
  'document_too_large',
  'document_infected',
  'document_empty',
  'validation',
]);
