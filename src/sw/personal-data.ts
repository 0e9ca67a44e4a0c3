import { offlineHeader, offlineKeep, storedAtHeader } from '../shared/http.ts';
import { keptDocumentsCacheName } from '../shared/kept-documents.ts';
import { personalCacheName } from '../shared/sw-messages.ts';

/**
 * An API read, network first. A response the server marked as keepable is stored with the time
 * it was sent, and answers the same read when the network fails (or the server does); anything
 * unmarked is never stored here. A 401 means the session ended: what was kept goes with it, the
 * documents kept on this phone included.
 */
export async function serveKeepingPersonalCopy(request: Request): Promise<Response> {
  let response: Response | undefined;
  try {
    response = await fetch(request);
  } catch {
    response = undefined;
  }
  if (response && response.status < 500) {
    if (response.ok && response.headers.get(offlineHeader) === offlineKeep) {
      const cache = await caches.open(personalCacheName);
      await cache.put(request, await stamped(response.clone()));
    } else if (response.status === 401) {
      await Promise.all([caches.delete(personalCacheName), caches.delete(keptDocumentsCacheName)]);
    }
    return response;
  }
  // A document's content is there only if the citizen asked to keep it on this phone.
  const kept =
    (await (await caches.open(personalCacheName)).match(request)) ?? (await (await caches.open(keptDocumentsCacheName)).match(request));
  return kept ?? response ?? Response.error();
}

async function stamped(response: Response): Promise<Response> {
  const headers = new Headers(response.headers);
  const sent = Date.parse(response.headers.get('date') ?? '');
  headers.set(storedAtHeader, new Date(Number.isNaN(sent) ? Date.now() : sent).toISOString());
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}
