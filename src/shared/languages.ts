/** The languages Guichet speaks; French is the reference every other locale is checked against. */
export const languages = ['fr', 'en', 'nl', 'de', 'es', 'ar'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'fr';

/**
 * Each language's name in itself, shown in the language switch. Never translated, by definition:
 * a citizen who reads no French must still find "English" or "العربية".
 */
export const endonyms: Record<Language, string> = {
  fr: 'Français',
  en: 'English',
  nl: 'Nederlands',
  de: 'Deutsch',
  es: 'Español',
  ar: 'العربية',
};

const rightToLeft: ReadonlySet<string> = new Set(['ar']);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function textDirection(language: Language): 'ltr' | 'rtl' {
  return rightToLeft.has(language) ? 'rtl' : 'ltr';
}

/** Name of the cookie that remembers the chosen language, read by the server to pick the page. */
export const languageCookie = 'lang';
