import { documentUploadPath, type DocumentUploadMetadata } from '../../shared/documents.ts';
import { resendThroughOutbox, submitThroughOutbox, type OutboxSubmission } from '../offline/submit-through-outbox.ts';
import { uploadErrorKey } from './document-format.ts';
import type { DocumentUploaded } from './resumable-upload.ts';

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
  return {
    file: new File([blob], name, { type: 'image/jpeg', lastModified: original.lastModified }),
    originalSize: original.size,
    reencoded: true,
  };
}

/**
 * Sent (the locker has it), saved on this device to be sent by itself (when the network is back, or
 * once the citizen has signed in again: `signed-out`), or refused (an i18n key for the form).
 */
export type UploadOutcome =
  | { kind: 'sent'; documentId: string }
  | { kind: 'saved'; key: string }
  | { kind: 'signed-out'; key: string }
  | { kind: 'refused'; error: string };

interface UploadOptions {
  /** The outbox entry's idempotency key; the same key sends it again later. */
  key: string;
  metadata: Pick<DocumentUploadMetadata, 'name' | 'kind' | 'expires_on' | 'keep'>;
  onProgress: (sent: number, total: number) => void;
  onStorageFull: () => void;
}

/**
 * Through the outbox, like every write: the file is kept on the device with its metadata, then
 * sent as a resumable upload (tus). If the network is missing or drops, it stays there and is sent
 * later by itself, from where the server stopped.
 */
export async function uploadToLocker(prepared: PreparedFile, options: UploadOptions): Promise<UploadOutcome> {
  const { metadata, key } = options;
  const expiresOn = metadata.expires_on ?? '';
  const submission = await submitThroughOutbox<DocumentUploaded>(
    {
      key,
      kind: 'document-upload',
      url: documentUploadPath,
      body: { name: metadata.name, kind: metadata.kind, expires_on: expiresOn, keep: metadata.keep, filetype: prepared.file.type },
      formValues: { name: metadata.name, kind: metadata.kind, expires_on: expiresOn },
      upload: { file: prepared.file, fileName: prepared.file.name, offset: 0 },
    },
    undefined,
    { onProgress: options.onProgress, onStorageFull: options.onStorageFull },
  );
  return outcomeOf(key, submission);
}

/** Tries once more an upload saved on this device (the connection dropped a moment ago), from where it stopped. */
export async function retryUpload(key: string, onProgress: (sent: number, total: number) => void): Promise<UploadOutcome> {
  return outcomeOf(key, await resendThroughOutbox<DocumentUploaded>(key, { onProgress }));
}

function outcomeOf(key: string, submission: OutboxSubmission<DocumentUploaded>): UploadOutcome {
  if (submission.ok) return { kind: 'sent', documentId: submission.body.documentId };
  if (submission.saved) return { kind: 'saved', key };
  if (submission.waitingForSignIn) return { kind: 'signed-out', key };
  if (submission.status === 0)
    return { kind: 'refused', error: submission.storageFull ? 'documents:errors.storage_full' : 'documents:errors.network' };
  return { kind: 'refused', error: uploadErrorKey(submission.error.error) };
}
