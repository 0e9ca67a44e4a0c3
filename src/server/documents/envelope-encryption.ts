import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Envelope encryption of documents at rest. Each file has its own random data key; only the data
 * key wrapped by a master key (AES-256-GCM) is stored, with the master key's id, so a master key
 * can be rotated by re-wrapping data keys without touching the files.
 *
 * A file is a sequence of segments, so an upload can be encrypted as it arrives, chunk by chunk,
 * and resumed after a cut: `[plaintext length: 4 bytes][IV: 12][ciphertext][GCM tag: 16]`. Each
 * segment's authenticated data names the file and the segment's rank, so segments cannot be moved
 * from one file to another or reordered; the stored size detects a truncated file.
 */
export interface MasterKeys {
  current: { id: string; key: Buffer };
  /** Every key that may have wrapped a stored data key, the current one included. */
  byId: ReadonlyMap<string, Buffer>;
}

export interface WrappedKey {
  wrappedKey: string;
  keyId: string;
}

export const segmentPlaintextSize = 64 * 1024;
export const segmentOverhead = 4 + 12 + 16;

export class EncryptionError extends Error {}

export function newDataKey(): Buffer {
  return randomBytes(32);
}

export function wrapDataKey(keys: MasterKeys, dataKey: Buffer): WrappedKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.current.key, iv);
  cipher.setAAD(Buffer.from(`guichet-data-key:${keys.current.id}`));
  const sealed = Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return { wrappedKey: sealed.toString('base64'), keyId: keys.current.id };
}

export function unwrapDataKey(keys: MasterKeys, wrapped: WrappedKey): Buffer {
  const key = keys.byId.get(wrapped.keyId);
  if (!key) throw new EncryptionError(`No master key with id ${wrapped.keyId}`);
  const sealed = Buffer.from(wrapped.wrappedKey, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(`guichet-data-key:${wrapped.keyId}`));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

/** Key rotation: the same data key, wrapped by the current master key. */
export function rewrapDataKey(keys: MasterKeys, wrapped: WrappedKey): WrappedKey {
  return wrapDataKey(keys, unwrapDataKey(keys, wrapped));
}

function segmentAad(objectId: string, index: number): Buffer {
  return Buffer.from(`guichet-document:${objectId}:${index}`);
}

export function encryptSegment(dataKey: Buffer, objectId: string, index: number, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(segmentAad(objectId, index));
  const header = Buffer.alloc(4);
  header.writeUInt32BE(plaintext.length);
  return Buffer.concat([header, iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/**
 * Cuts a plaintext stream into encrypted segments numbered from `firstIndex`. What is pending when
 * the stream ends (a chunk cut short by a dropped connection included) becomes a shorter segment,
 * so every byte received is kept.
 */
export function segmentEncrypter(dataKey: Buffer, objectId: string, firstIndex: number): Transform {
  let index = firstIndex;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  const emit = (stream: Transform, plaintext: Buffer) => {
    stream.push(encryptSegment(dataKey, objectId, index, plaintext));
    index += 1;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength >= segmentPlaintextSize) {
        let all: Buffer = Buffer.concat(pending);
        while (all.length >= segmentPlaintextSize) {
          emit(this, all.subarray(0, segmentPlaintextSize));
          all = all.subarray(segmentPlaintextSize);
        }
        pending = all.length > 0 ? [all] : [];
        pendingLength = all.length;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (pendingLength > 0) emit(this, Buffer.concat(pending));
      done();
    },
  });
}

/** The plaintext back from segments; fails on any altered, moved or torn segment. */
export function segmentDecrypter(dataKey: Buffer, objectId: string): Transform {
  let index = 0;
  let buffered: Buffer = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      try {
        while (buffered.length >= 4) {
          const length = buffered.readUInt32BE(0);
          const total = length + segmentOverhead;
          if (buffered.length < total) break;
          const decipher = createDecipheriv('aes-256-gcm', dataKey, buffered.subarray(4, 16));
          decipher.setAAD(segmentAad(objectId, index));
          decipher.setAuthTag(buffered.subarray(total - 16, total));
          this.push(Buffer.concat([decipher.update(buffered.subarray(16, total - 16)), decipher.final()]));
          index += 1;
          buffered = buffered.subarray(total);
        }
        done();
      } catch {
        done(new EncryptionError('A document segment failed authentication'));
      }
    },
    flush(done: TransformCallback) {
      done(buffered.length === 0 ? null : new EncryptionError('A document ends with a torn segment'));
    },
  });
}
