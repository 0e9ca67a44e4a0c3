import type { Readable } from 'node:stream';

/**
 * Where encrypted documents live: the local file system by default, an S3-compatible store at
 * scale. Keys are server-generated ids; drivers only ever see ciphertext.
 */
export interface DocumentStorage {
  readonly name: string;
  /** Stores the content of a local file (the finished upload) under `key`. */
  putFile(key: string, filePath: string, size: number): Promise<void>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
}

/** Server-generated keys only: anything else (a name from a request, `../`) never reaches a driver. */
export function checkStorageKey(key: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key)) throw new Error('Invalid storage key');
  return key;
}
