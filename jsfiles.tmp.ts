import { readFile } from 'node:fs/promises';
import { brotliCompressSync } from 'node:zlib';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const dist = 'dist';
const manifest = JSON.parse(await readFile('dist/pages/manifest.json', 'utf8'));
const app = await import(pathToFileURL(path.resolve('dist/ssr/entry-server.js')).href);
const url = process.argv[2]!;
const page = await app.render({ url, language: 'fr', reading: 'standard', csrfToken: 'x', idempotencyKey: 'y' });
const keys = ['src/app/main.tsx', ...page.modules];
const files = new Set<string>();
const visit = (key: string) => { const c = manifest[key]; if (!c || files.has(c.file)) return; files.add(c.file); (c.imports ?? []).forEach(visit); };
keys.forEach(visit);
let total = 0;
for (const f of files) { const b = brotliCompressSync(await readFile(path.join('dist/client', f))).length; total += b; console.log((b/1024).toFixed(1), f); }
console.log('total', (total/1024).toFixed(1), 'modules', page.modules);
