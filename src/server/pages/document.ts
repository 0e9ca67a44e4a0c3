import { createHash } from 'node:crypto';
import { textDirection, type Language } from '../../shared/languages.ts';
import type { ReadingMode } from '../../shared/reading.ts';
import { pageStateElementId, type PageState, type RenderedPage } from '../../shared/page-render.ts';

/** The subset of Vite's build manifest we read: which files a source module needs. */
export type BuildManifest = Record<string, { file: string; imports?: string[]; isEntry?: boolean }>;

/**
 * Puts a rendered page into the HTML template. Used at build time (prerendering) and at request
 * time (server rendering), so both produce the same document.
 */
export function assembleDocument(
  template: string,
  manifest: BuildManifest,
  page: RenderedPage,
  language: Language,
  reading: ReadingMode,
  state: PageState | undefined,
): string {
  const preloads = [
    ...modulePreloads(manifest, page.modules).map((file) => `<link rel="modulepreload" href="/${file}">`),
    ...page.strings.map((url) => `<link rel="preload" href="${url}" as="fetch" crossorigin>`),
  ].join('');
  const stateBlock = state
    ? `<script type="application/json" id="${pageStateElementId}">${escapeJsonForHtml(JSON.stringify(state))}</script>`
    : '';
  const slots: Record<string, string> = {
    lang: language,
    dir: textDirection(language),
    reading,
    title: escapeHtml(page.title),
    description: escapeHtml(page.description),
    head: preloads,
    app: page.html,
    state: stateBlock,
  };
  // One pass, each slot filled by a function: what a citizen typed is text, never a pattern
  // (`$&`, `$'`, `$\``), and a marker it happens to hold is never filled in turn.
  return template.replace(/<!--([a-z]+)-->/g, (marker, name: string) => slots[name] ?? marker);
}

/** Every chunk a set of modules pulls in, entry chunk excluded (the template already loads it). */
function modulePreloads(manifest: BuildManifest, sources: string[]): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || chunk.isEntry || files.has(chunk.file)) return;
    files.add(chunk.file);
    chunk.imports?.forEach(visit);
  };
  sources.forEach(visit);
  return [...files];
}

/** The hashes of the inline `<style>` blocks, for the Content-Security-Policy. */
export function inlineStyleHashes(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}'`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Keeps `</script>` and HTML comments out of an inline JSON block. */
function escapeJsonForHtml(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
