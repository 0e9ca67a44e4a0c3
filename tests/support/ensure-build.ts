import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Server and browser tests run against the production build; make one if it is missing. */
export default function ensureBuild() {
  const root = path.resolve(import.meta.dirname, '../..');
  if (existsSync(path.join(root, 'dist/ssr/entry-server.js'))) return;
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
