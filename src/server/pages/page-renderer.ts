import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../../shared/languages.ts';
import { csrfPlaceholder, idempotencyPlaceholder, type PageRendererModule, type PageState } from '../../shared/page-render.ts';
import { languages } from '../../shared/languages.ts';
import { hasEasyRead, readingModes, type ReadingMode } from '../../shared/reading.ts';
import { lowDataAttribute, lowDataCookie, wantsLowData } from '../../shared/low-data.ts';
import type { Config } from '../config.ts';
import { assembleDocument, inlineStyleHashes, type BuildManifest } from './document.ts';
import { requestReading } from './language.ts';
import { deviceWriter } from '../auth/device-writer.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface PageRenderer {
  /** CSP hashes of the critical CSS inlined in every page. */
  styleHashes: string[];
  send(request: FastifyRequest, reply: FastifyReply, page: PageToSend): Promise<FastifyReply>;
}

export interface PageToSend {
  url: string;
  language: Language;
  state?: PageState;
  status?: number;
}

/**
 * Loads the build's template, its manifest, the prerendered pages and the server-side entry once,
 * then answers page requests: a prerendered page when there is one, a server render otherwise.
 */
export async function createPageRenderer(config: Pick<Config, 'pagesDir' | 'ssrEntry'>): Promise<PageRenderer> {
  if (!existsSync(config.ssrEntry)) {
    throw new Error(`The app is not built (${config.ssrEntry} is missing): run "npm run build" first.`);
  }
  const [template, manifestJson, appModule] = await Promise.all([
    readFile(path.join(config.pagesDir, 'template.html'), 'utf8'),
    readFile(path.join(config.pagesDir, 'manifest.json'), 'utf8'),
    import(pathToFileURL(config.ssrEntry).href) as Promise<PageRendererModule>,
  ]);
  const manifest = JSON.parse(manifestJson) as BuildManifest;
  const prerendered = await loadPrerendered(config.pagesDir, appModule.prerenderPaths);

  return {
    styleHashes: inlineStyleHashes(template),
    async send(request, reply, sent) {
      const idempotencyKey = randomUUID();
      // Signed-in visitors get their own render (their name in the header), never a shared page.
      const session = request.session;
      const viewer = session?.viewer ?? undefined;
      const page = viewer
        ? { ...sent, state: { ...sent.state, viewer, writer: deviceWriter(session?.personId ?? session?.agentId ?? '') } }
        : sent;
      const reading = requestReading(request, page.language);
      let html = page.state ? undefined : prerendered.get(`${page.language}:${reading}:${pathOf(page.url)}`);
      let status = page.status ?? 200;
      if (html !== undefined) {
        // A prerendered page holds placeholders and no one's data; by a function, so a value is never a pattern.
        html = html.replaceAll(csrfPlaceholder, () => request.csrfToken).replaceAll(idempotencyPlaceholder, () => idempotencyKey);
      } else {
        const rendered = await appModule.render({
          url: page.url,
          language: page.language,
          reading,
          csrfToken: request.csrfToken,
          idempotencyKey,
          state: page.state,
        });
        html = assembleDocument(template, manifest, rendered, page.language, reading, page.state);
        status = page.status ?? rendered.status;
      }
      if (wantsLowData(request.headers['save-data'], request.cookies[lowDataCookie])) html = lighten(html);
      reply
        .status(status)
        .header('content-type', 'text/html; charset=utf-8')
        // A personal page is never stored: Back after signing out asks the server again.
        .header('cache-control', viewer ? 'no-store' : 'private, no-cache')
        .header('content-language', page.language)
        .header('vary', 'Accept-Encoding, Cookie, Accept-Language, Save-Data');
      return sendCompressed(request, reply, html);
    },
  };
}

/**
 * Low-data mode: no preload hints (the browser fetches each chunk only when the app asks for it,
 * nothing ahead) and the <html> mark that hides images.
 */
function lighten(html: string): string {
  return html.replace(/<link rel="modulepreload"[^>]*>/g, '').replace('<html ', `<html ${lowDataAttribute}="on" `);
}

export function prerenderedFile(pagesDir: string, language: Language, reading: ReadingMode, pagePath: string): string {
  const folder = reading === 'easy' ? `${language}-easy` : language;
  return path.join(pagesDir, folder, pagePath === '/' ? 'index.html' : `${pagePath.slice(1)}.html`);
}

/** Every language and reading mode a page is prerendered in. */
export function prerenderVariants(): { language: Language; reading: ReadingMode }[] {
  return languages.flatMap((language) =>
    readingModes.filter((reading) => reading === 'standard' || hasEasyRead(language)).map((reading) => ({ language, reading })),
  );
}

async function loadPrerendered(pagesDir: string, paths: readonly string[]): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for (const { language, reading } of prerenderVariants()) {
    for (const pagePath of paths) {
      pages.set(`${language}:${reading}:${pagePath}`, await readFile(prerenderedFile(pagesDir, language, reading, pagePath), 'utf8'));
    }
  }
  return pages;
}

function pathOf(url: string): string {
  const pathname = new URL(url, 'http://localhost').pathname;
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

async function sendCompressed(request: FastifyRequest, reply: FastifyReply, html: string): Promise<FastifyReply> {
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) {
    const body = await brotli(html, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });
    return reply.header('content-encoding', 'br').send(body);
  }
  if (/\bgzip\b/.test(accepted)) {
    return reply.header('content-encoding', 'gzip').send(await gzipAsync(html));
  }
  return reply.send(html);
}
