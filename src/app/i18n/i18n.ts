import { createInstance, type i18n as I18next } from 'i18next';
import type { Language } from '../../shared/languages.ts';
import { isVariantFolder, localeFolder, localeUrl, variantBase, withRewrites } from '../../shared/locale-files.ts';
import type { ReadingMode } from '../../shared/reading.ts';

type Strings = Record<string, unknown>;

declare const __LOCALES_VERSION__: string;

// The server (and the tests) have every string file at hand; the browser fetches each namespace it
// needs as JSON (`locales/fr/callback.json`): a visitor downloads only the language they read, and
// only the strings of the pages they open. This branch is dropped from the browser build.
const bundled =
  import.meta.env.SSR || import.meta.env.MODE === 'test'
    ? import.meta.glob<Strings>('../../../locales/*/*.json', { import: 'default' })
    : undefined;

/** The namespace every page needs: the shell, the help bar, form words. */
export const commonNamespace = 'common';

/** Every namespace that exists (the server renders with all of them at hand). */
export const allNamespaces = [...new Set(Object.keys(bundled ?? {}).map((file) => /([^/]+)\.json$/.exec(file)?.[1] ?? ''))];

const readingOf = new WeakMap<I18next, ReadingMode>();

/** A ready i18next instance for one language and reading mode, holding the given namespaces. */
export async function loadI18n(language: Language, namespaces: readonly string[], reading: ReadingMode = 'standard'): Promise<I18next> {
  const instance = createInstance({
    lng: language,
    fallbackLng: false,
    resources: {},
    partialBundledLanguages: true,
    defaultNS: commonNamespace,
    // Preact escapes text itself; escaping here too would show "&amp;" to citizens.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  void instance.init();
  readingOf.set(instance, reading);
  await addNamespaces(instance, namespaces);
  return instance;
}

/** Loads the namespaces an instance lacks (a page's feature strings, before the page renders). */
export async function addNamespaces(instance: I18next, namespaces: readonly string[]): Promise<void> {
  const language = instance.language as Language;
  const folder = localeFolder(language, readingOf.get(instance) ?? 'standard');
  await Promise.all(
    namespaces
      .filter((namespace) => !instance.hasResourceBundle(language, namespace))
      .map(async (namespace) => instance.addResourceBundle(language, namespace, await loadStrings(folder, namespace))),
  );
}

/** The URLs of the string files a page needs, for the server to preload them with the HTML. */
export function localeUrls(language: Language, reading: ReadingMode, namespaces: readonly string[]): string[] {
  return namespaces.map((namespace) => localeUrl(__LOCALES_VERSION__, localeFolder(language, reading), namespace));
}

async function loadStrings(folder: string, namespace: string): Promise<Strings> {
  if (bundled) {
    const load = bundled[`../../../locales/${folder}/${namespace}.json`];
    // An easy-read source file holds only what it rewrites, and not every namespace has one: merged
    // over the standard strings here, as the build does for the browser.
    if (isVariantFolder(folder)) return withRewrites(await loadStrings(variantBase(folder), namespace), load ? await load() : {});
    if (!load) throw new Error(`No strings for ${folder}/${namespace}`);
    return load();
  }
  const response = await fetch(localeUrl(__LOCALES_VERSION__, folder, namespace), { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`No strings for ${folder}/${namespace} (${response.status})`);
  return (await response.json()) as Strings;
}

/** The instance the browser is using now, so lazily loaded pages can add their strings to it. */
let active: I18next | undefined;

export const activeI18n = {
  set(instance: I18next): void {
    active = instance;
  },
  async ensure(namespaces: readonly string[]): Promise<void> {
    if (active) await addNamespaces(active, namespaces);
  },
};
