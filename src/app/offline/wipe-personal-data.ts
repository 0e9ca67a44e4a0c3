import { keptDocumentsCacheName } from '../../shared/kept-documents.ts';
import { personalCacheName, swMessages } from '../../shared/sw-messages.ts';
import { draftsDatabaseName } from '../procedures/drafts.ts';
import { announce, closeGuichetDb, databaseName } from './outbox.ts';

/**
 * Removes everything personal this device keeps: the service worker's copies of the citizen's data,
 * the documents kept on this phone, and the app's IndexedDB (outbox and sent history, procedure drafts). Sign-out calls it; phones are often shared.
 * Documents still waiting to be uploaded go too, their files with them: they hold the citizen's papers,
 * and sent later they would land in whichever account is signed in by then.
 * The worker is asked too (it may hold the cache open) and the cache is also deleted from here, so
 * the wipe holds even when no worker runs. The caller should warn first if writes still wait to be
 * sent (`countOutbox()`), since they go with it.
 */
export async function wipePersonalData(): Promise<void> {
  await Promise.all([
    askServiceWorker(),
    'caches' in globalThis ? caches.delete(personalCacheName) : undefined,
    'caches' in globalThis ? caches.delete(keptDocumentsCacheName) : undefined,
  ]);
  await closeGuichetDb();
  await Promise.all([databaseName, draftsDatabaseName].map(deleteDatabase));
  announce({ type: 'changed' });
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}

function askServiceWorker(): Promise<void> {
  const worker = globalThis.navigator?.serviceWorker?.controller;
  if (!worker) return Promise.resolve();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(resolve, 2000);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve();
    };
    worker.postMessage({ type: swMessages.wipePersonalData }, [channel.port2]);
  });
}
