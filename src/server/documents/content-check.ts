import { fileTypeFromBuffer } from 'file-type';
import { documentMediaTypes, type DocumentMediaType } from '../../shared/documents.ts';

export type ContentVerdict =
  { ok: true; mediaType: DocumentMediaType } | { ok: false; error: 'document_type_refused' | 'document_type_mismatch' | 'document_empty' };

/** Enough of the start of a file for `file-type` (it reads at most 4,100 bytes). */
export const headBytes = 4100;

/**
 * Markers of formats a browser or a viewer would run, which no proof of ours contains. Each is at
 * least five bytes: compressed PDF streams and JPEG data are as good as random, and a four-byte
 * marker such as `<svg` turns up by chance in about one 20 MB file in 25 (case folded).
 */
const activeMarkers = ['<script', '<html', '<svg ', '<svg>', '<svg\n', '<?php', '<!doctype', '<iframe', '<object', '<embed'].map((marker) =>
  Buffer.from(marker),
);
const pdfMarker = Buffer.from('%PDF-');
const zipDirectory = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

function declaredType(declared: string): string {
  const type = declared.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'image/jpg' ? 'image/jpeg' : type === 'image/heif' ? 'image/heic' : type;
}

/**
 * The type of a file decided by its content, never by its name or by what the browser claims: the
 * first bytes must be one of the allowed types and agree with the declared type.
 */
export async function checkContentType(head: Buffer, declared: string): Promise<ContentVerdict> {
  if (head.length === 0) return { ok: false, error: 'document_empty' };
  const detected = await fileTypeFromBuffer(head);
  const mediaType = detected?.mime === 'image/heif' ? 'image/heic' : detected?.mime;
  const allowed = documentMediaTypes.find((type) => type === mediaType);
  if (!allowed) return { ok: false, error: 'document_type_refused' };
  if (declaredType(declared) !== allowed) return { ok: false, error: 'document_type_mismatch' };
  return { ok: true, mediaType: allowed };
}

/**
 * Scans the whole plaintext, a piece at a time, for a second format hidden in an allowed one (a
 * polyglot): markup or a script anywhere, a PDF header in an image's first kilobyte (PDF readers
 * look there), a ZIP directory at the end. A legitimate proof contains none of them.
 */
export function polyglotDetector(mediaType: DocumentMediaType) {
  const overlap = 16;
  let carry = Buffer.alloc(0);
  let seen = 0;
  let tail = Buffer.alloc(0);
  let found = false;
  return {
    update(chunk: Buffer) {
      const window = Buffer.concat([carry, chunk]);
      const lower = Buffer.from(window.toString('latin1').toLowerCase(), 'latin1');
      if (activeMarkers.some((marker) => lower.includes(marker))) found = true;
      if (mediaType !== 'application/pdf' && seen < 1024) {
        const start = Buffer.concat([carry, chunk]).subarray(0, 1024 + overlap);
        if (start.includes(pdfMarker)) found = true;
      }
      seen += chunk.length;
      carry = window.subarray(Math.max(0, window.length - overlap));
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > 2 * 65_557) tail = tail.subarray(tail.length - 65_557);
    },
    /** True when another format was found. */
    finish(): boolean {
      const end = tail.subarray(Math.max(0, tail.length - 65_557));
      return found || end.includes(zipDirectory);
    },
  };
}
