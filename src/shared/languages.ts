/**
 * The languages Guichet speaks, each with its name in itself, shown in the language switch. Names
 * are never translated, by definition: a citizen who reads no French must still find "English" or
 * "العربية". French is the reference every other locale is checked against.
 */
export const endonyms = {
  fr: 'Français',
  en: 'English',
  nl: 'Nederlands',
  de: 'Deutsch',
  es: 'Español',
  ar: 'العربية',
} as const;
export type Language = keyof typeof endonyms;
// Derived rather than listed again: every byte counts in the first load of a public page.
export const languages = Object.keys(endonyms) as readonly Language[];
export const defaultLanguage: Language = 'fr';

const rightToLeft: ReadonlySet<string> = new Set(['ar']);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function textDirection(language: Language): 'ltr' | 'rtl' {
  return rightToLeft.has(language) ? 'rtl' : 'ltr';
}

/** Name of the cookie that remembers the chosen language, read by the server to pick the page. */
export const languageCookie = 'lang';
