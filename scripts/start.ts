import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm start`: builds the app when the build is missing or older than its sources, then starts
 * the server (which migrates the database and seeds the demo data).
 */
const root = path.resolve(import.meta.dirname, '..');
const buildStamp = path.join(root, 'dist/pages/template.html');
const sources = ['src/app', 'src/shared', 'src/sw', 'locales', 'public', 'vite.config.ts'].map((source) => path.join(root, source));

if (process.argv.includes('--rebuild') || newestChange(sources) > modifiedAt(buildStamp)) {
  console.log('Building the app…');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build.ts')], { cwd: root, stdio: 'inherit' });
}
await import('../src/server/main.ts');

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
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
