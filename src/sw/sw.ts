/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { replayOutbox, syncTag } from '../app/offline/replay.ts';
import { serveKeepingPersonalCopy } from './personal-data.ts';
import { personalCacheName, swMessages, type SwMessage } from '../shared/sw-messages.ts';
import { offlineShellUrl, rememberLanguage, shellLanguage } from './offline-shell.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

// The app's code, every page's chunk, every language's strings and one empty shell per language.
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
// On the very first install there is no older version to protect: take this page now, so what it
// reads is already kept for offline use. Later versions wait for the citizen (see update-prompt).
clientsClaim();

/**
 * Pages: from the network, so each carries its own CSRF token and the latest content. When the
 * network fails, or is so slow that waiting longer helps no one, the precached shell in the
 * citizen's language, where the app draws the page itself from its cached code.
 */
registerRoute(
  new NavigationRoute(async ({ request }) => {
    const network = fetch(request);
    network.catch(() => undefined);
    const first = await Promise.race([network, delay(navigationPatienceMs)]).catch(() => undefined);
    if (first) {
      await rememberLanguage(first);
      return first;
    }
    const shell = await matchPrecache(offlineShellUrl(await shellLanguage()));
    return shell ?? network;
  }),
);

registerRoute(
  ({ url, request }) => url.origin === self.location.origin && url.pathname.startsWith('/api/') && request.method === 'GET',
  ({ request }) => serveKeepingPersonalCopy(request),
);

self.addEventListener('sync', (event: SyncEvent) => {
  if (event.tag !== syncTag) return;
  // Throwing while entries remain asks the browser to fire the sync again later, with back-off.
  event.waitUntil(
    replayOutbox().then((summary) => {
      if (summary.kept > 0) throw new Error(`${summary.kept} outbox entries wait for the network`);
    }),
  );
});

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const message = event.data as SwMessage | null;
  if (message?.type === swMessages.skipWaiting) void self.skipWaiting();
  if (message?.type === swMessages.wipePersonalData) {
    event.waitUntil(caches.delete(personalCacheName).then(() => event.ports[0]?.postMessage({ done: true })));
  }
});

const navigationPatienceMs = 4000;

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

declare global {
  interface ServiceWorkerGlobalScopeEventMap {
    sync: SyncEvent;
  }
}
