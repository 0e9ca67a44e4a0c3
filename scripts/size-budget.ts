import { execFileSync } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { csrfPlaceholder, idempotencyPlaceholder, type PageRendererModule } from '../src/shared/page-render.ts';
import { assembleDocument, type BuildManifest } from '../src/server/pages/document.ts';
import { prerenderedFile, prerenderVariants } from '../src/server/pages/page-renderer.ts';
import type { Language } from '../src/shared/languages.ts';
import type { ReadingMode } from '../src/shared/reading.ts';
import { buildIsStale } from './build-freshness.ts';

/**
 * `npm run size`: what a first visit to each route costs, compressed as the server sends it.
 * For every route (lazy ones included) and every language it counts
 *   - the first response: the HTML with its inlined critical CSS (brotli at the server's level);
 *   - the JS for first paint and first interaction: the entry module, the page's chunk and every
 *     static import they pull in;
 *   - the page's strings (JSON, preloaded by the HTML);
 *   - everything fetched before `load` (HTML + that JS + the strings + the favicon).
 * It exits non-zero when a route is over the budgets of DESIGN.md, or when a test tool
 * (axe-core, Testing Library, vitest, playwright) has leaked into a browser bundle. DESIGN.md
 * sets the first-response and JS budgets for "any public route" (anyone can open it, signed in
 * or not); pages behind sign-in are printed with their figures and held to the total. The agent
 * workspace is no citizen's first visit (staff open it on the office's network, then it is
 * cached): its total is held to `staffTotal` instead; today the heaviest is an on-behalf step,
 * the citizen's own step page plus the workspace's route table, at about 60 KB.
 */
const budgets = { html: 14 * 1024, js: 30 * 1024, total: 60 * 1024, staffTotal: 64 * 1024 };
const testToolMarkers = ['axe-core', '@testing-library', 'vitest', 'playwright', 'fake-indexeddb'];

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const client = path.join(dist, 'client');

if (buildIsStale()) {
  console.log('Building the app first…');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build.ts')], { cwd: root, stdio: 'inherit' });
}

const [template, manifestJson, app] = await Promise.all([
  readFile(path.join(dist, 'pages/template.html'), 'utf8'),
  readFile(path.join(dist, 'pages/manifest.json'), 'utf8'),
  import(pathToFileURL(path.join(dist, 'ssr/entry-server.js')).href) as Promise<PageRendererModule>,
]);
const manifest = JSON.parse(manifestJson) as BuildManifest;
const importsOfFile = new Map(Object.values(manifest).map((chunk) => [chunk.file, chunk.imports ?? []]));
const faviconBytes = (await stat(path.join(client, 'favicon.svg.br'))).size;

interface RouteCost {
  route: string;
  public: boolean;
  language: string;
  html: { brotli: number; gzip: number };
  js: { brotli: number; gzip: number; files: number };
  strings: { brotli: number; gzip: number; files: number };
  total: number;
}

const notFoundPath = '/this-page-does-not-exist';
const costs: RouteCost[] = [];
for (const { language, reading } of prerenderVariants()) {
  for (const routePath of [...app.routePaths, notFoundPath]) {
    const html = await pageHtml(routePath, language, reading);
    const js = await jsBeforeInteraction(html);
    const strings = await compressedSizes(preloadedStrings(html));
    const htmlBrotli = brotliCompressSync(html, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }).length;
    costs.push({
      route: routePath,
      public: routePath === notFoundPath || app.publicRoutePaths.includes(routePath),
      language: reading === 'easy' ? `${language}-easy` : language,
      html: { brotli: htmlBrotli, gzip: gzipSync(html).length },
      js,
      strings,
      total: htmlBrotli + js.brotli + strings.brotli + faviconBytes,
    });
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const totalBudget = (cost: RouteCost) => (cost.route.startsWith('/agent') ? budgets.staffTotal : budgets.total);
const over = (cost: RouteCost) =>
  [
    cost.public && cost.html.brotli > budgets.html && `HTML+CSS ${kb(cost.html.brotli)} KB > ${kb(budgets.html)} KB`,
    cost.public && cost.js.brotli > budgets.js && `JS ${kb(cost.js.brotli)} KB > ${kb(budgets.js)} KB`,
    cost.total > totalBudget(cost) && `total ${kb(cost.total)} KB > ${kb(totalBudget(cost))} KB`,
  ].filter((problem): problem is string => typeof problem === 'string');

console.table(
  costs.map((cost) => ({
    route: cost.route,
    lang: cost.language,
    public: cost.public ? 'yes' : 'no',
    'HTML+CSS br': kb(cost.html.brotli),
    'HTML+CSS gz': kb(cost.html.gzip),
    'JS br': kb(cost.js.brotli),
    'JS gz': kb(cost.js.gzip),
    'JS files': cost.js.files,
    'strings br': kb(cost.strings.brotli),
    'total br': kb(cost.total),
    verdict: over(cost).length ? 'OVER' : 'ok',
  })),
);
console.log(
  `Budgets (brotli, KB): public routes HTML+CSS ≤ ${kb(budgets.html)} and JS ≤ ${kb(budgets.js)}; every route total before load ≤ ${kb(budgets.total)} (the agent workspace's ≤ ${kb(budgets.staffTotal)})`,
);

const problems = costs.flatMap((cost) => over(cost).map((problem) => `${cost.language} ${cost.route}: ${problem}`));
problems.push(...(await leakedTestTools()));
if (problems.length) {
  console.error(`\nOver budget:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('Every route is within budget; no test tool in the browser bundles.');

/** The prerendered page, or the server's render with sample parameters and realistic tokens. */
async function pageHtml(routePath: string, language: Language, reading: ReadingMode): Promise<string> {
  const tokens = (html: string) => html.replaceAll(csrfPlaceholder, 'x'.repeat(43)).replaceAll(idempotencyPlaceholder, crypto.randomUUID());
  if (app.prerenderPaths.includes(routePath)) {
    return tokens(await readFile(prerenderedFile(path.join(dist, 'pages'), language, reading, routePath), 'utf8'));
  }
  const url = routePath.replace(/:[a-z]+/gi, 'RAP-7K4Q-9XZ2');
  const page = await app.render({ url, language, reading, csrfToken: csrfPlaceholder, idempotencyKey: idempotencyPlaceholder });
  return tokens(assembleDocument(template, manifest, page, language, reading, undefined));
}

/** The module scripts and preloads the page names, with their static imports followed. */
async function jsBeforeInteraction(html: string): Promise<RouteCost['js']> {
  const named = [...html.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map(
    (match) => match[1] ?? '',
  );
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const key of importsOfFile.get(file) ?? []) {
      const imported = manifest[key];
      if (imported) visit(imported.file);
    }
  };
  named.forEach(visit);
  return compressedSizes([...files]);
}

function preloadedStrings(html: string): string[] {
  return [...html.matchAll(/<link rel="preload" href="\/([^"]+\.json)" as="fetch"/g)].map((match) => match[1] ?? '');
}

/** The sizes of the precompressed copies the server sends. */
async function compressedSizes(files: string[]): Promise<{ brotli: number; gzip: number; files: number }> {
  let brotli = 0;
  let gzip = 0;
  for (const file of files) {
    brotli += (await stat(path.join(client, `${file}.br`))).size;
    gzip += (await stat(path.join(client, `${file}.gz`))).size;
  }
  return { brotli, gzip, files: files.length };
}

async function leakedTestTools(): Promise<string[]> {
  const leaks: string[] = [];
  for (const entry of await readdir(client, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const code = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
    const marker = testToolMarkers.find((name) => code.includes(name));
    if (marker) leaks.push(`${path.relative(client, path.join(entry.parentPath, entry.name))} contains ${marker}`);
  }
  return leaks;
}
