/**
 * Whether the server has said this page is no longer signed in (a 401 from any request, or the
 * session's end reached). Kept here, with no dependency, because the one fetch wrapper reports to
 * it from every page (in the service worker nobody listens). Once said, it stays said until the
 * next page load: signing in again is a full page load.
 */
let signedOut = false;
const listeners = new Set<() => void>();

export function reportSignedOut(): void {
  if (signedOut) return;
  signedOut = true;
  for (const listener of listeners) listener();
}

export function isSignedOut(): boolean {
  return signedOut;
}

/** Calls `listener` once the page is signed out; returns a way to stop listening. */
export function onSignedOut(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
