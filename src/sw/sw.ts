/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { replayOutbox, syncTag } from '../app/offline/replay.ts';
import { serveKeepingPersonalCopy } from './personal-data.ts';
import { keptDocumentsCacheName } from '../shared/kept-documents.ts';
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
 * Addresses only the server can answer (sign-in and sign-out redirects, the identity provider, the
 * no-JavaScript language switch): the browser handles them as if there were no worker, and Chromium
 * then completes the Clear-Site-Data of sign-out.
 */
const serverOnlyPages = { denylist: [/^\/(agent\/)?auth\//, /^\/dev-idp\//, /^\/language\//] };

/**
 * Pages: from the network, so each carries its own CSRF token and the latest content, and every
 * server-only address (sign-in redirects, the language switch) behaves as without a worker. Only
 * when the network fails, the precached shell in the citizen's language, where the app draws the
 * page itself from its cached code. A slow answer is waited for: the shell cannot stand in for a
 * redirect it knows nothing about.
 */
registerRoute(
  new NavigationRoute(async ({ request }) => {
    try {
      const response = await fetch(request);
      await rememberLanguage(response);
      return response;
    } catch {
      const shell = await matchPrecache(offlineShellUrl(await shellLanguage()));
      return shell ?? Response.error();
    }
  }, serverOnlyPages),
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
    event.waitUntil(
      Promise.all([caches.delete(personalCacheName), caches.delete(keptDocumentsCacheName)]).then(() =>
        event.ports[0]?.postMessage({ done: true }),
      ),
    );
  }
});

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

declare global {
  interface ServiceWorkerGlobalScopeEventMap {
    sync: SyncEvent;
  }
}
