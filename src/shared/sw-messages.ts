/** What pages say to the service worker (postMessage), named once for both sides. */
export const swMessages = {
  skipWaiting: 'SKIP_WAITING',
  wipePersonalData: 'WIPE_PERSONAL_DATA',
} as const;

export type SwMessage = { type: (typeof swMessages)[keyof typeof swMessages] };

/** Where the build puts each language's empty shell, which the service worker precaches. */
export function offlineShellPath(language: string): string {
  return `/offline-shell/${language}.html`;
}

/** The cache holding the citizen's own data (the service worker fills it, sign-out empties it). */
export const personalCacheName = 'guichet-personal';
