import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const buildStamp = path.join(root, 'dist/pages/template.html');
const sources = ['src/app', 'src/shared', 'src/sw', 'locales', 'public', 'vite.config.ts', 'scripts/build.ts'].map((source) =>
  path.join(root, source),
);

/** True when there is no build, or a source of the browser app changed after it was made. */
export function buildIsStale(): boolean {
  return newestChange(sources) > modifiedAt(buildStamp);
}

function modifiedAt(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

function newestChange(paths: string[]): number {
  let newest = 0;
  for (const entry of paths) {
    const stat = statSync(entry, { throwIfNoEntry: false });
    if (!stat) continue;
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) newest = Math.max(newest, newestChange(readdirSync(entry).map((name) => path.join(entry, name))));
  }
  return newest;
}
