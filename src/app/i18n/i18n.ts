import { createInstance, type i18n as I18next } from 'i18next';
import type { Language } from '../../shared/languages.ts';

type Strings = Record<string, unknown>;

// One chunk per language and feature (`locales/fr/callback.json`): a visitor downloads only the
// language they read, and only the strings of the pages they open.
const localeFiles = import.meta.glob<Strings>('../../../locales/*/*.json', { import: 'default' });

/** The namespace every page needs: the shell, the help bar, form words. */
export const commonNamespace = 'common';

/** Every namespace that exists (the server renders with all of them at hand). */
export const allNamespaces = [...new Set(Object.keys(localeFiles).map((file) => /([^/]+)\.json$/.exec(file)?.[1] ?? ''))];

/** A ready i18next instance for one language, holding the given namespaces. */
export async function loadI18n(language: Language, namespaces: readonly string[]): Promise<I18next> {
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
  await addNamespaces(instance, namespaces);
  return instance;
}

/** Loads the namespaces an instance lacks (a page's feature strings, before the page renders). */
export async function addNamespaces(instance: I18next, namespaces: readonly string[]): Promise<void> {
  const language = instance.language;
  await Promise.all(
    namespaces
      .filter((namespace) => !instance.hasResourceBundle(language, namespace))
      .map(async (namespace) => {
        const load = localeFiles[`../../../locales/${language}/${namespace}.json`];
        if (!load) throw new Error(`No strings for ${language}/${namespace}`);
        instance.addResourceBundle(language, namespace, await load());
      }),
  );
}

/** A namespace's file as the build manifest names it (relative to src/app), to preload its chunk. */
export function localeModule(language: string, namespace: string): string {
  return `../../locales/${language}/${namespace}.json`;
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
