import type { Language } from './languages.ts';
import { easyReadFolder, type ReadingMode } from './reading.ts';

/**
 * Where the browser fetches a namespace's strings: plain JSON (cheaper to parse than JavaScript on
 * a slow phone) under a folder named by the strings' hash, so they are cached for ever.
 */
export function localeUrl(version: string, folder: string, namespace: string): string {
  return `/locales/${version}/${folder}/${namespace}.json`;
}

/**
 * The folder a language's strings come from: its own, or in easy-read mode its easy-read folder,
 * whose files the build writes as the standard strings with the easy rewrites merged over them
 * (`withRewrites`). One file a namespace either way: easy-read text costs no more to fetch.
 */
export function localeFolder(language: Language, reading: ReadingMode): string {
  return reading === 'easy' ? easyReadFolder(language) : language;
}

/** `fr-easy` is a variant of `fr`: it only holds the strings it rewrites. */
export function isVariantFolder(folder: string): boolean {
  return folder.includes('-');
}

/** The language a variant folder rewrites: `fr-easy` → `fr`. */
export function variantBase(folder: string): string {
  return folder.split('-')[0] ?? folder;
}

export type LocaleStrings = { [key: string]: unknown };

/** A variant's strings over its language's, key by key at any depth: `fr-easy` only holds what it rewrites. */
export function withRewrites(base: LocaleStrings, rewrites: LocaleStrings): LocaleStrings {
  const merged: LocaleStrings = { ...base };
  for (const [key, value] of Object.entries(rewrites)) {
    const under = merged[key];
    merged[key] = isGroup(value) && isGroup(under) ? withRewrites(under, value) : value;
  }
  return merged;
}

function isGroup(value: unknown): value is LocaleStrings {
  return typeof value === 'object' && value !== null;
}
