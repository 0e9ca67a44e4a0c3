import type { Language } from './languages.ts';

/**
 * How a citizen reads: the standard text, or easy-to-read French (FALC: short sentences, one idea
 * each, common words). Easy-read strings live in `locales/<language>-easy/` and only hold the
 * keys they rewrite; everything else falls back to the language's standard text.
 */
export const readingModes = ['standard', 'easy'] as const;
export type ReadingMode = (typeof readingModes)[number];

/** Name of the cookie that remembers the choice, so the server renders the page that way. */
export const readingCookie = 'reading';

/** Languages for which easy-read text exists. */
const easyReadLanguages: ReadonlySet<Language> = new Set(['fr']);

export function isReadingMode(value: unknown): value is ReadingMode {
  return typeof value === 'string' && (readingModes as readonly string[]).includes(value);
}

export function hasEasyRead(language: Language): boolean {
  return easyReadLanguages.has(language);
}

/** The mode a page is shown in: easy only where easy-read text exists. */
export function effectiveReading(language: Language, chosen: unknown): ReadingMode {
  return chosen === 'easy' && hasEasyRead(language) ? 'easy' : 'standard';
}

/** The folder of a language's easy-read strings. */
export function easyReadFolder(language: Language): string {
  return `${language}-easy`;
}

/**
 * Whether every page is read aloud as it opens ("auto") or only when asked ("off"). A cookie, like
 * the language and the reading mode, so the three choices persist the same way.
 */
export const readAloudModes = ['off', 'auto'] as const;
export type ReadAloudMode = (typeof readAloudModes)[number];

export const readAloudCookie = 'read-aloud';

export function isReadAloudMode(value: unknown): value is ReadAloudMode {
  return typeof value === 'string' && (readAloudModes as readonly string[]).includes(value);
}

/** Where the app tells the server of a choice (the schema of what it sends: `reading-preferences.ts`). */
export const readingPreferencesUrl = '/api/reading-preferences';
