import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import {
  EncryptionError,
  newDataKey,
  rewrapDataKey,
  segmentDecrypter,
  segmentEncrypter,
  segmentPlaintextSize,
  unwrapDataKey,
  wrapDataKey,
  type MasterKeys,
} from './envelope-encryption.ts';

const keys = (id: string, key: Buffer, older: [string, Buffer][] = []): MasterKeys => ({
  current: { id, key },
  byId: new Map([[id, key], ...older]),
});

async function encrypt(dataKey: Buffer, objectId: string, plaintext: Buffer, pieces: number[]): Promise<Buffer> {
  // Several writes, as a resumed upload makes: each continues the segment numbering.
  const parts: Buffer[] = [];
  let index = 0;
  let offset = 0;
  for (const length of [...pieces, plaintext.length]) {
    const piece = plaintext.subarray(offset, Math.min(plaintext.length, offset + length));
    offset += piece.length;
    const encrypted = await buffer(Readable.from([piece]).pipe(segmentEncrypter(dataKey, objectId, index)));
    index += Math.ceil(piece.length / segmentPlaintextSize);
    parts.push(encrypted);
    if (offset >= plaintext.length) break;
  }
  return Buffer.concat(parts);
}

describe('envelope encryption', () => {
  it('round-trips a file written in several resumed pieces, and never holds the plaintext', async () => {
    const dataKey = newDataKey();
    const plaintext = randomBytes(300_000);
    const sealed = await encrypt(dataKey, 'file-1', plaintext, [70_000, 128 * 1024]);
    expect(sealed.includes(plaintext.subarray(1000, 1032))).toBe(false);
    expect(await buffer(Readable.from([sealed]).pipe(segmentDecrypter(dataKey, 'file-1')))).toEqual(plaintext);
  });

  it('refuses a flipped bit, a segment of another file, and a torn end', async () => {
    const dataKey = newDataKey();
    const plaintext = randomBytes(100_000);
    const sealed = await encrypt(dataKey, 'file-1', plaintext, []);
    const flipped = Buffer.from(sealed);
    flipped[50] = (flipped[50] ?? 0) ^ 1;
    const decrypt = (bytes: Buffer, id = 'file-1') => buffer(Readable.from([bytes]).pipe(segmentDecrypter(dataKey, id)));
    await expect(decrypt(flipped)).rejects.toBeInstanceOf(EncryptionError);
    await expect(decrypt(sealed, 'file-2')).rejects.toBeInstanceOf(EncryptionError);
    await expect(decrypt(sealed.subarray(0, sealed.length - 5))).rejects.toBeInstanceOf(EncryptionError);
  });

  it('rotates master keys: old wrapped keys still open, and re-wrap under the new one', () => {
    const oldKey = randomBytes(32);
    const dataKey = newDataKey();
    const wrappedBefore = wrapDataKey(keys('2025', oldKey), dataKey);
    const rotated = keys('2026', randomBytes(32), [['2025', oldKey]]);
    expect(unwrapDataKey(rotated, wrappedBefore)).toEqual(dataKey);
    const rewrapped = rewrapDataKey(rotated, wrappedBefore);
    expect(rewrapped.keyId).toBe('2026');
    expect(unwrapDataKey(keys('2026', rotated.current.key), rewrapped)).toEqual(dataKey);
    expect(() => unwrapDataKey(keys('other', randomBytes(32)), wrappedBefore)).toThrow(EncryptionError);
  });
});
