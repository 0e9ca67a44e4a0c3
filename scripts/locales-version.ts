import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const localesDir = path.resolve(import.meta.dirname, '../locales');

/**
 * A hash of every string file: the folder the browser fetches them from, so they can be cached
 * for ever and a new build's strings never mix with an old one's.
 */
export function localesVersion(): string {
  const hash = createHash('sha256');
  for (const folder of readdirSync(localesDir).sort()) {
    for (const file of readdirSync(path.join(localesDir, folder)).sort()) {
      hash.update(`${folder}/${file}\0`).update(readFileSync(path.join(localesDir, folder, file)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}
