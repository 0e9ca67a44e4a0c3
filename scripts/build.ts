import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { build } from 'vite';
import { injectManifest } from 'workbox-build';
import { languages } from '../src/shared/languages.ts';
import { csrfPlaceholder, idempotencyPlaceholder, type PageRendererModule } from '../src/shared/page-render.ts';
import { assembleDocument, type BuildManifest } from '../src/server/pages/document.ts';
import { prerenderedFile } from '../src/server/pages/page-renderer.ts';

/**
 * Builds everything the server serves, in dist/:
 *   client/  the browser app and the service worker (precompressed .br and .gz beside each file)
 *   ssr/     the app's server-side entry
 *   pages/   the HTML template (critical CSS inlined), the build manifest, prerendered pages
 */
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
await prerender(template, manifest);
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

/** Renders every public page in every language, with placeholders for each visitor's tokens. */
async function prerender(template: string, manifest: BuildManifest) {
  const app = (await import(pathToFileURL(path.join(dist, 'ssr/entry-server.js')).href)) as PageRendererModule;
  for (const language of languages) {
    for (const pagePath of app.prerenderPaths) {
      const page = await app.render({ url: pagePath, language, csrfToken: csrfPlaceholder, idempotencyKey: idempotencyPlaceholder });
      const file = prerenderedFile(path.join(dist, 'pages'), language, pagePath);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, assembleDocument(template, manifest, page, language, undefined));
    }
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
    globPatterns: ['assets/**/*.js', 'favicon.svg', 'manifest.webmanifest'],
    // The agent workspace's code and strings (src/app/agent, locales/*/agent.json): citizens never download them.
    globIgnores: ['assets/agent-*'],
    // Vite already puts a content hash in every asset's name.
    dontCacheBustURLsMatching: /^assets\//,
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
