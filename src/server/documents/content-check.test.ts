import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DocumentMediaType } from '../../shared/documents.ts';
import { polyglotDetector } from './content-check.ts';

function scan(parts: Buffer[]): boolean {
  const detector = polyglotDetector('application/pdf');
  for (const part of parts) detector.update(part);
  return detector.finish();
}

/** Random bytes with no `<`, so only what a test puts in can be found. */
function noise(length: number): Buffer {
  return Buffer.from(randomBytes(length).map((byte) => (byte === 0x3c ? 0x3d : byte)));
}

describe('the polyglot search', () => {
  it('finds a script or an SVG element anywhere, even split between two pieces', () => {
    expect(scan([noise(70_000), Buffer.from('<scr'), Buffer.from('ipt>alert(1)'), noise(70_000)])).toBe(true);
    expect(scan([noise(5000), Buffer.from('<SVG xmlns="http://www.w3.org/2000/svg">'), noise(5000)])).toBe(true);
  });

  it('does not refuse compressed data where four letters happen to read "<svg"', () => {
    expect(scan([Buffer.from('%PDF-1.7\n'), noise(10_000), Buffer.from('<sVg'), Buffer.from([0x9f, 0x00]), noise(10_000)])).toBe(false);
  });

  it('finds a ZIP directory at the end of the file', () => {
    expect(scan([Buffer.from('%PDF-1.7\n'), noise(200_000), Buffer.from([0x50, 0x4b, 0x05, 0x06]), noise(18)])).toBe(true);
  });
});

/** Pieces of `size` bytes, the way the upload arrives. */
function pieces(content: Buffer, size = 65_536): Buffer[] {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < content.length; offset += size) parts.push(content.subarray(offset, offset + size));
  return parts;
}

function scanAs(mediaType: DocumentMediaType, content: Buffer, size?: number): boolean {
  const detector = polyglotDetector(mediaType);
  for (const part of pieces(content, size)) detector.update(part);
  return detector.finish();
}

const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(20_000)]);
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(20_000), Buffer.from([0xff, 0xd9])]);

/** A small PDF, its objects as given, with a compressed page stream of random bytes. */
function pdfWith(...objects: string[]): Buffer {
  const body = objects.map((object, index) => `${index + 1} 0 obj\n${object}\nendobj\n`).join('');
  const stream = deflateSync(randomBytes(50_000));
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n${body}9 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`),
    stream,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  ]);
}

/** A PDF whose dictionaries sit in a compressed object stream, as PDF 1.5 writers do. */
function pdfWithObjectStream(objects: string): Buffer {
  const packed = deflateSync(Buffer.from(objects));
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length ${packed.length} /Filter /FlateDecode >>\nstream\r\n`),
    packed,
    Buffer.from('\r\nendstream\nendobj\n%%EOF\n'),
  ]);
}

describe('markup in an image', () => {
  it.each([
    ['image/png', 'a PNG followed by <svg/onload=…>', () => Buffer.concat([png(), Buffer.from('<svg/onload=alert(1)>')])],
    ['image/jpeg', 'a JPEG followed by <img … onerror=…>', () => Buffer.concat([jpeg(), Buffer.from('<img src=x onerror=alert(1)>')])],
    ['image/jpeg', 'a JPEG followed by <body onload=…>', () => Buffer.concat([jpeg(), Buffer.from('<body onload=alert(1)>')])],
    [
      'image/jpeg',
      'upper case, a quoted > before the handler',
      () => Buffer.concat([jpeg(), Buffer.from('<IMG ALT=">" SRC=x OnError = alert(1)>')]),
    ],
    ['image/png', 'a handler after a slash', () => Buffer.concat([png(), Buffer.from('<img src="x"/onerror=alert(1)>')])],
    ['image/webp', 'a javascript: link', () => Buffer.concat([png(), Buffer.from('<a href=JavaScript:alert(1)>')])],
  ] as const)('refuses %s: %s', (mediaType, _case, content) => {
    expect(scanAs(mediaType, content())).toBe(true);
    expect(scanAs(mediaType, content(), 7)).toBe(true);
  });

  it('accepts random bytes as images, with every byte value in them (no false refusal)', () => {
    for (let file = 0; file < 24; file += 1) expect(scanAs('image/jpeg', Buffer.concat([jpeg(), randomBytes(1024 * 1024)]))).toBe(false);
  });
});

describe('active content in a PDF', () => {
  it.each([
    ['/OpenAction → /JavaScript', '<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>'],
    ['/JS alone', '<< /S /JavaScript /JS 4 0 R >>'],
    ['a hex-escaped name', '<< /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>'],
    ['/Launch', '<< /OpenAction << /S /Launch /F (cmd.exe) >> >>'],
    ['/EmbeddedFile', '<< /Type /EmbeddedFile /Length 10 >>'],
    ['/AA', '<< /Type /Page /AA << /O 7 0 R >> >>'],
  ])('refuses %s', (_case, object) => {
    expect(scanAs('application/pdf', pdfWith('<< /Type /Catalog /Pages 2 0 R >>', object))).toBe(true);
    expect(scanAs('application/pdf', pdfWith('<< /Type /Catalog /Pages 2 0 R >>', object), 5)).toBe(true);
  });

  it('refuses a script hidden in a compressed object stream', () => {
    expect(scanAs('application/pdf', pdfWithObjectStream('4 0 << /S /JavaScript /JS (app.alert(1)) >>'))).toBe(true);
    expect(scanAs('application/pdf', pdfWithObjectStream('4 0 << /Type /Page /Parent 2 0 R >>'))).toBe(false);
  });

  it('accepts an ordinary PDF: open at page 1, names that only start like an active one', () => {
    const ordinary = pdfWith(
      '<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /FitH null] >>',
      '<< /Type /Pages /JSON 1 /AAA 2 /Launcher 3 >>',
    );
    expect(scanAs('application/pdf', ordinary)).toBe(false);
    expect(scanAs('application/pdf', ordinary, 3)).toBe(false);
  });

  it('skips short names in compressed page streams, where /JS turns up by chance', () => {
    const stream = Buffer.concat([randomBytes(30_000), Buffer.from('/JS /AA /J#53 '), randomBytes(30_000)]);
    const content = Buffer.concat([
      Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`),
      stream,
      Buffer.from('\nendstream\nendobj\n%%EOF\n'),
    ]);
    expect(scanAs('application/pdf', content)).toBe(false);
  });

  it('is not fooled by a fake stream keyword inside a string', () => {
    const trick = pdfWith('<< /Title (>> stream\n) >>', '<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>');
    expect(scanAs('application/pdf', trick)).toBe(true);
    expect(scanAs('application/pdf', trick, 11)).toBe(true);
  });

  it('accepts binary noise outside any stream, with every byte value in it (no false refusal)', () => {
    for (let file = 0; file < 4; file += 1) {
      expect(scanAs('application/pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(5 * 1024 * 1024)]))).toBe(false);
    }
  });

  it('accepts random compressed streams (no false refusal)', () => {
    for (let file = 0; file < 8; file += 1) expect(scanAs('application/pdf', pdfWith('<< /Type /Catalog >>'))).toBe(false);
  });
});
