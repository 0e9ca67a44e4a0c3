import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
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
