import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildIsStale } from '../../scripts/build-freshness.ts';

/** Server and browser tests run against the production build; make one if it is missing or stale. */
export default function ensureBuild() {
  if (!buildIsStale()) return;
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build.ts')], { cwd: root, stdio: 'inherit' });
}
