import { describe, expect, it } from 'vitest';
import type { PageState } from '../../shared/page-render.ts';
import { assembleDocument } from './document.ts';

const template =
  '<!doctype html><html lang="<!--lang-->" dir="<!--dir-->" data-reading="<!--reading-->"><head><title><!--title--></title>' +
  '<meta name="description" content="<!--description-->"><!--head--></head><body><div id="app"><!--app--></div><!--state--></body></html>';

/** What citizens can type that `String.replace` would read as a pattern, and a marker of the template. */
const typed = ['$`', "$'", '$&', '$$', '$1', '$<name>', '<!--state-->', '<!--app-->', "A$`B$'C$&D"];

function assemble(text: string) {
  const page = { html: `<p>${text}</p><input value="${text}">`, title: text, description: text, status: 200, modules: [], strings: [] };
  return assembleDocument(template, {}, page, 'fr', 'standard', { form: { values: { phone: text }, errors: {} } } as unknown as PageState);
}

describe('assembleDocument', () => {
  it.each(typed)('puts %j in the page verbatim, once, with one state script at its place', (text) => {
    const html = assemble(text);
    expect(html.match(/<!doctype/g)).toHaveLength(1);
    expect(html.match(/<script /g)).toHaveLength(1);
    expect(html).toContain(`<p>${text}</p><input value="${text}">`);
    expect(html).toMatch(/<\/div><script type="application\/json" id="page-state">[^<]*<\/script><\/body><\/html>$/);
    const state = JSON.parse(/id="page-state">([^<]*)<\/script>/.exec(html)?.[1] ?? '') as { form: { values: { phone: string } } };
    expect(state.form.values.phone).toBe(text);
  });
});
