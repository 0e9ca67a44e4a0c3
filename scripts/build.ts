import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { build } from 'vite';
import { injectManifest } from 'workbox-build';
import { isVariantFolder, variantBase, withRewrites, type LocaleStrings } from '../src/shared/locale-files.ts';
import { localesDir, localesVersion } from './locales-version.ts';
import { csrfPlaceholder, idempotencyPlaceholder, type PageRendererModule } from '../src/shared/page-render.ts';
import { offlineShellPath } from '../src/shared/sw-messages.ts';
import { assembleDocument, type BuildManifest } from '../src/server/pages/document.ts';
import { prerenderedFile, prerenderVariants } from '../src/server/pages/page-renderer.ts';

/**
 * Builds everything the server serves, in dist/:
 *   client/  the browser app, its strings (locales/<hash>/) and the service worker
 *            (precompressed .br and .gz beside each file)
 *   ssr/     the app's server-side entry
 *   pages/   the HTML template (critical CSS inlined), the build manifest, prerendered pages
 */
// Always a production build, even when a test runner (NODE_ENV=test) starts it: Vite derives
// `import.meta.env.DEV` from NODE_ENV, and the app registers no service worker in development.
process.env.NODE_ENV = 'production';
const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const configFile = path.join(root, 'vite.config.ts');
const started = performance.now();

await rm(dist, { recursive: true, force: true });
await build({ configFile, logLevel: 'warn' });
await build({
  configFile,
  logLevel: 'warn',
  build: { ssr: 'entry-server.tsx', outDir: path.join(dist, 'ssr'), emptyOutDir: true, manifest: false },
});
const { template, manifest } = await makeTemplate();
await copyLocales();
await prerender(template, manifest);
await writeOfflineShells(template, manifest);
await buildServiceWorker();
await precompress(path.join(dist, 'client'));
console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s`);

/** Moves Vite's index.html out of the public folder and inlines its CSS: one round trip paints the page. */
async function makeTemplate() {
  const client = path.join(dist, 'client');
  const pages = path.join(dist, 'pages');
  await mkdir(pages, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(client, '.vite/manifest.json'), 'utf8')) as BuildManifest;
  await writeFile(path.join(pages, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await rm(path.join(client, '.vite'), { recursive: true });

  let template = await readFile(path.join(client, 'index.html'), 'utf8');
  await rm(path.join(client, 'index.html'));
  for (const match of template.matchAll(/<link rel="stylesheet"[^>]*href="\/([^"]+)"[^>]*>/g)) {
    const cssFile = path.join(client, match[1] ?? '');
    const css = await readFile(cssFile, 'utf8');
    template = template.replace(match[0], `<style>${css.trim()}</style>`);
    await rm(cssFile);
  }
  await writeFile(path.join(pages, 'template.html'), template);
  return { template, manifest };
}

/**
 * The string files as the browser fetches them: minified JSON in a folder named by their hash. A
 * variant folder (`fr-easy`) gets every namespace of its language, its rewrites merged over the
 * standard strings, so a page in easy-read mode fetches one file a namespace.
 */
async function copyLocales() {
  const target = path.join(dist, 'client/locales', localesVersion());
  const folders = await readdir(localesDir);
  for (const folder of folders) {
    await mkdir(path.join(target, folder), { recursive: true });
    const base = isVariantFolder(folder) ? variantBase(folder) : folder;
    for (const file of await readdir(path.join(localesDir, base))) {
      const strings = JSON.parse(await readFile(path.join(localesDir, base, file), 'utf8')) as LocaleStrings;
      const rewrites = path.join(localesDir, folder, file);
      const merged =
        base === folder || !existsSync(rewrites)
          ? strings
          : withRewrites(strings, JSON.parse(await readFile(rewrites, 'utf8')) as LocaleStrings);
      await writeFile(path.join(target, folder, file), JSON.stringify(merged));
    }
  }
}

/** Renders every public page in every language and reading mode, with placeholders for each visitor's tokens. */
async function prerender(template: string, manifest: BuildManifest) {
  const app = (await import(pathToFileURL(path.join(dist, 'ssr/entry-server.js')).href)) as PageRendererModule;
  for (const { language, reading } of prerenderVariants()) {
    for (const pagePath of app.prerenderPaths) {
      const page = await app.render({
        url: pagePath,
        language,
        reading,
        csrfToken: csrfPlaceholder,
        idempotencyKey: idempotencyPlaceholder,
      });
      const file = prerenderedFile(path.join(dist, 'pages'), language, reading, pagePath);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, assembleDocument(template, manifest, page, language, reading, undefined));
    }
  }
}

/**
 * One empty page per language, precached by the service worker: offline, any address opens it and
 * the app draws the page itself (it renders into an empty root instead of hydrating). It holds no
 * token: the app reads the CSRF cookie, or asks for a fresh one, when it sends.
 */
async function writeOfflineShells(template: string, manifest: BuildManifest) {
  for (const { language } of prerenderVariants().filter((variant) => variant.reading === 'standard')) {
    const common = JSON.parse(await readFile(path.join(root, 'locales', language, 'common.json'), 'utf8')) as {
      service_name: string;
      meta: { description: string };
    };
    const page = { html: '', title: common.service_name, description: common.meta.description, status: 200, modules: [], strings: [] };
    const file = path.join(dist, 'client', offlineShellPath(language));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, assembleDocument(template, manifest, page, language, 'standard', undefined));
  }
}

/** The service worker is its own bundle (a classic script: every browser runs those), then gets its precache list. */
async function buildServiceWorker() {
  const swBuild = path.join(dist, 'sw-build');
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: swBuild,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: path.join(root, 'src/sw/sw.ts'), formats: ['iife'], name: 'guichetServiceWorker', fileName: () => 'sw.js' },
    },
  });
  const { count, size, warnings } = await injectManifest({
    swSrc: path.join(swBuild, 'sw.js'),
    swDest: path.join(dist, 'client/sw.js'),
    globDirectory: path.join(dist, 'client'),
    globPatterns: ['assets/**/*.js', 'locales/**/*.json', 'offline-shell/*.html', 'favicon.svg', 'icons/*', 'manifest.webmanifest'],
    // The agent workspace's code and strings (src/app/agent, locales/*/agent.json): citizens never download them.
    globIgnores: ['assets/agent-*', 'locales/**/agent.json'],
    // Vite puts a content hash in every asset's name, and the strings sit in a folder named by theirs.
    dontCacheBustURLsMatching: /^(assets|locales)\//,
  });
  warnings.forEach((warning) => console.warn(warning));
  console.log(`Service worker precaches ${count} files (${(size / 1024).toFixed(1)} KiB)`);
  await rm(swBuild, { recursive: true });
}

/** Brotli and gzip copies of every text file, so the server never compresses static files on the fly. */
async function precompress(directory: string) {
  const brotli = promisify(brotliCompress);
  const gzipAsync = promisify(gzip);
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(js|css|svg|json|webmanifest|html)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const content = await readFile(file);
    await writeFile(`${file}.br`, await brotli(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }));
    await writeFile(`${file}.gz`, await gzipAsync(content, { level: 9 }));
  }
}
