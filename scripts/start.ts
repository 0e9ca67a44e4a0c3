import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildIsStale } from './build-freshness.ts';

/**
 * `npm start`: builds the app when the build is missing or older than its sources, then starts
 * the server (which migrates the database and seeds the demo data).
 */
const root = path.resolve(import.meta.dirname, '..');

if (process.argv.includes('--rebuild') || buildIsStale()) {
  console.log('Building the app…');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build.ts')], { cwd: root, stdio: 'inherit' });
}
await import('../src/server/main.ts');
