import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { checkStorageKey, type DocumentStorage } from './document-storage.ts';

/**
 * Documents as files in a folder of their own (under DATA_DIR by default), never one the static
 * file server reads; two levels of sub-folders keep any one folder small.
 */
export function localStorageDriver(root: string): DocumentStorage {
  const pathOf = (key: string) => {
    const safe = checkStorageKey(key);
    return path.join(root, safe.slice(0, 2), safe);
  };
  return {
    name: 'local',
    async putFile(key, filePath) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.part`;
      await copyFile(filePath, temporary);
      await rename(temporary, target);
    },
    async get(key): Promise<Readable> {
      const stream = createReadStream(pathOf(key));
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
      return stream;
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
