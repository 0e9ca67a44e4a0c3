import { inflateSync } from 'node:zlib';
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
 * An element with an event handler, as a browser would run it in an image sniffed as HTML:
 * `<svg/onload=…>`, `<img src=x onerror=…>`, `<body onload=…>`. Read on lower-cased text; in
 * random bytes the whole shape (a tag, a handler name of 5+ letters and `=` within 200 bytes)
 * turns up about once in 30,000 files of 20 MB.
 */
const eventHandlerMarkup = /<[a-z][a-z0-9-]*[\s/][^<]{0,200}?on[a-z]{3,}\s*=/;
const imageOnlyMarkers = ['javascript:', 'vbscript:'].map((marker) => Buffer.from(marker));

/**
 * Scans the whole plaintext, a piece at a time, for a second format hidden in an allowed one (a
 * polyglot): markup or a script anywhere (in an image, any element with an event handler too), a
 * PDF header in an image's first kilobyte (PDF readers look there), a ZIP directory at the end, and
 * in a PDF, content a reader would run. A legitimate proof contains none of them.
 */
export function polyglotDetector(mediaType: DocumentMediaType) {
  const isPdf = mediaType === 'application/pdf';
  const overlap = isPdf ? 16 : 256;
  const pdf = isPdf ? pdfActiveContentDetector() : undefined;
  let carry = Buffer.alloc(0);
  let seen = 0;
  let tail = Buffer.alloc(0);
  let found = false;
  return {
    update(chunk: Buffer) {
      const window = Buffer.concat([carry, chunk]);
      const text = window.toString('latin1').toLowerCase();
      const lower = Buffer.from(text, 'latin1');
      if (activeMarkers.some((marker) => lower.includes(marker))) found = true;
      if (!isPdf && (imageOnlyMarkers.some((marker) => lower.includes(marker)) || eventHandlerMarkup.test(text))) found = true;
      if (!isPdf && seen < 1024) {
        const start = window.subarray(0, 1024 + overlap);
        if (start.includes(pdfMarker)) found = true;
      }
      pdf?.update(chunk);
      seen += chunk.length;
      carry = window.subarray(Math.max(0, window.length - overlap));
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > 2 * 65_557) tail = tail.subarray(tail.length - 65_557);
    },
    /** True when another format was found. */
    finish(): boolean {
      const end = tail.subarray(Math.max(0, tail.length - 65_557));
      return found || end.includes(zipDirectory) || pdf?.finish() === true;
    },
  };
}

/**
 * What makes a PDF act rather than show: scripts (`/JavaScript`, `/JS`), launching a program
 * (`/Launch`), files carried inside (`/EmbeddedFile`), actions on events (`/AA`). `/OpenAction`
 * alone is common (open at page 1) and only runs something through one of these.
 */
const activePdfNames = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'AA', 'RichMedia']);
/** A PDF name followed by a delimiter (a name cut at the end of a piece is read with the next one). */
const pdfName = /\/([^\s()<>[\]{}/%]+)(?=[\s()<>[\]{}/%])/g;
const streamStart = />>\s*stream(?:\r\n|\n|\r)/;
const streamEnd = Buffer.from('endstream');
const printable = /^[\t\n\r\x20-\x7e]*$/;
const pdfSyntaxAround = (text: string, index: number, length: number) =>
  printable.test(text.slice(Math.max(0, index - 8), index + length + 8));
/** Object streams are read back, since dictionaries can hide there; larger ones are not PDF writers' doing. */
const maxObjectStreamBytes = 8 * 1024 * 1024;

/**
 * Reads a PDF's names the way a reader does: in its syntax, with `#xx` escapes decoded
 * (`/J#61vaScript` is `/JavaScript`), and inside compressed object streams. Names of six letters
 * or more count anywhere; in stream data (pages, images, fonts) and other binary, as good as
 * random, three bytes such as `/JS` would turn up by chance in most large files, so short names
 * count only amid syntax.
 */
function pdfActiveContentDetector() {
  let mode: 'syntax' | 'stream' = 'syntax';
  let pending = Buffer.alloc(0);
  let objectStream: Buffer[] | undefined;
  let objectStreamBytes = 0;
  let found = false;
  let streamTail = '';
  const scanNames = (text: string, longOnly = false) => {
    for (const match of text.matchAll(pdfName)) {
      const name = (match[1] ?? '').replace(/#([0-9a-fA-F]{2})/g, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      if (!activePdfNames.has(name)) continue;
      if (name.length >= 6) found = true;
      // A short name counts only amid PDF syntax (printable text around it), never in binary
      // noise; an action it could start also names its type (/S /JavaScript), which counts anywhere.
      else if (!longOnly && pdfSyntaxAround(text, match.index, match[0].length)) found = true;
    }
  };
  const finishObjectStream = () => {
    if (!objectStream) return;
    try {
      scanNames(inflateSync(Buffer.concat(objectStream)).toString('latin1'));
    } catch {
      // Not readable as Flate: a reader cannot read its objects either.
    }
    objectStream = undefined;
  };
  return {
    update(chunk: Buffer) {
      let buffer = Buffer.concat([pending, chunk]);
      for (;;) {
        if (mode === 'syntax') {
          const text = buffer.toString('latin1');
          const start = streamStart.exec(text);
          if (!start) {
            scanNames(text);
            // Kept for a keyword or a name cut in two, and the dictionary before the next stream.
            pending = buffer.subarray(Math.max(0, buffer.length - 4096));
            return;
          }
          const end = start.index + start[0].length;
          scanNames(text.slice(0, end));
          const dictionary = text.slice(Math.max(0, text.lastIndexOf('<<', start.index - 1) - 4096), start.index);
          objectStream = /\/Type\s*\/ObjStm\b/.test(dictionary) && /\/FlateDecode\b/.test(dictionary) ? [] : undefined;
          objectStreamBytes = 0;
          streamTail = '';
          mode = 'stream';
          buffer = buffer.subarray(end);
        } else {
          const index = buffer.indexOf(streamEnd);
          const content = buffer.subarray(0, index >= 0 ? index : Math.max(0, buffer.length - streamEnd.length));
          // The long names are looked for in streams too, where chance cannot make them: a fake
          // "stream" keyword inside a string must not hide a dictionary the reader sees.
          const text = streamTail + content.toString('latin1');
          scanNames(index >= 0 ? `${text}\n` : text, true);
          streamTail = text.slice(-64);
          if (objectStream) {
            objectStreamBytes += content.length;
            if (objectStreamBytes > maxObjectStreamBytes) found = true;
            else objectStream.push(content);
          }
          if (index < 0) {
            pending = buffer.subarray(content.length);
            return;
          }
          finishObjectStream();
          mode = 'syntax';
          buffer = buffer.subarray(index + streamEnd.length);
        }
      }
    },
    finish(): boolean {
      if (mode === 'syntax') scanNames(`${pending.toString('latin1')}\n`);
      return found;
    },
  };
}
