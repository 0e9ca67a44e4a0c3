/**
 * The CSRF cookie as a page sees it; a service worker has no `document` and asks the server instead.
 * Apart from the API client so that a page can hydrate without loading it.
 */
export function readCsrfCookie(): string | undefined {
  const cookies = (globalThis as { document?: { cookie: string } }).document?.cookie ?? '';
  return /(?:^|;\s*)(?:__Host-)?csrf=([^;]+)/.exec(cookies)?.[1];
}
