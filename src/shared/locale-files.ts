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
 * The folders a language's strings come from, in the order they apply: the standard text, then
 * the easy-read rewrites over it. The build gives an easy-read folder a file for every namespace
 * (`{}` where nothing is rewritten), so the browser never asks for one that is missing.
 */
export function localeFolders(language: Language, reading: ReadingMode): string[] {
  return reading === 'easy' ? [language, easyReadFolder(language)] : [language];
}

/** `fr-easy` is a variant of `fr`: it only holds the strings it rewrites. */
export function isVariantFolder(folder: string): boolean {
  return folder.includes('-');
}
