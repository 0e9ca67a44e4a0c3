import { defaultLanguage, isLanguage, type Language } from '../shared/languages.ts';
import { offlineShellPath } from '../shared/sw-messages.ts';

const settingsCache = 'guichet-settings';
const languageKey = '/__guichet/language';

export function offlineShellUrl(language: Language): string {
  return offlineShellPath(language);
}

/**
 * The language of the last page the server sent: offline, the shell speaks it too. (The worker
 * cannot read the language cookie in every browser; the page's Content-Language says the same.)
 */
export async function rememberLanguage(response: Response): Promise<void> {
  const language = response.headers.get('content-language');
  if (!isLanguage(language)) return;
  const cache = await caches.open(settingsCache);
  await cache.put(languageKey, new Response(language));
}

export async function shellLanguage(): Promise<Language> {
  const stored = await (await caches.open(settingsCache)).match(languageKey);
  const language = stored ? await stored.text() : undefined;
  return isLanguage(language) ? language : defaultLanguage;
}
