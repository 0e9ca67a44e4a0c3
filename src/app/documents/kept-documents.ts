import { keptDocumentsCacheName } from '../../shared/kept-documents.ts';
import { contentUrl } from './documents.client.ts';

/**
 * "Keep on this phone": a document's content, stored on the device only when the citizen asks,
 * in a cache of its own that the service worker reads offline and sign-out deletes.
 */
export async function isKept(id: string): Promise<boolean> {
  if (!('caches' in globalThis)) return false;
  return (await (await caches.open(keptDocumentsCacheName)).match(contentUrl(id))) !== undefined;
}

export async function keep(id: string): Promise<boolean> {
  const response = await fetch(contentUrl(id), { credentials: 'same-origin' }).catch(() => undefined);
  if (!response?.ok) return false;
  await (await caches.open(keptDocumentsCacheName)).put(contentUrl(id), response);
  return true;
}

export async function forget(id: string): Promise<void> {
  await (await caches.open(keptDocumentsCacheName)).delete(contentUrl(id));
}

/** Saves the kept copy as a file, network or not. */
export async function openKeptCopy(id: string, fileName: string): Promise<boolean> {
  const response = await (await caches.open(keptDocumentsCacheName)).match(contentUrl(id));
  if (!response) return false;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}
