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
import type { Config } from '../config.ts';
import { assembleDocument, inlineStyleHashes, type BuildManifest } from './document.ts';

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
      const viewer = request.session?.viewer ?? undefined;
      const page = viewer ? { ...sent, state: { ...sent.state, viewer } } : sent;
      let html = page.state ? undefined : prerendered.get(`${page.language}:${pathOf(page.url)}`);
      let status = page.status ?? 200;
      if (html === undefined) {
        const rendered = await appModule.render({
          url: page.url,
          language: page.language,
          csrfToken: request.csrfToken,
          idempotencyKey,
          state: page.state,
        });
        html = assembleDocument(template, manifest, rendered, page.language, page.state);
        status = page.status ?? rendered.status;
      }
      html = html.replaceAll(csrfPlaceholder, request.csrfToken).replaceAll(idempotencyPlaceholder, idempotencyKey);
      reply
        .status(status)
        .header('content-type', 'text/html; charset=utf-8')
        // A personal page is never stored: Back after signing out asks the server again.
        .header('cache-control', viewer ? 'no-store' : 'private, no-cache')
        .header('vary', 'Accept-Encoding, Cookie, Accept-Language');
      return sendCompressed(request, reply, html);
    },
  };
}

export function prerenderedFile(pagesDir: string, language: Language, pagePath: string): string {
  return path.join(pagesDir, language, pagePath === '/' ? 'index.html' : `${pagePath.slice(1)}.html`);
}

async function loadPrerendered(pagesDir: string, paths: readonly string[]): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for (const language of languages) {
    for (const pagePath of paths) {
      pages.set(`${language}:${pagePath}`, await readFile(prerenderedFile(pagesDir, language, pagePath), 'utf8'));
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
