import { useEffect, useRef, useState } from 'preact/hooks';
import { storedAtHeader } from '../../shared/http.ts';
import type { ApiResult } from './api-client.ts';

export type Loaded<Body> =
  { state: 'loading' } | { state: 'ready'; body: Body; updatedAt: Date; fromDevice: boolean } | { state: 'failed'; status: number };

/**
 * Loads data once the page is in the browser.
 * A citizen's own reads are network first: when the network fails the service worker answers from
 * its copy and says when that copy was made, so the page can tell "offline: information of …".
 * A page the server rendered with the citizen's data (so it works without JavaScript) passes it as
 * `rendered`: shown at once, then read again in the background.
 */
export function useApiData<Body>(
  load: () => Promise<ApiResult<Body>>,
  dependencies: unknown[],
  rendered?: Body,
): [Loaded<Body>, (body: Body) => void] {
  const [loaded, setLoaded] = useState<Loaded<Body>>(
    rendered === undefined ? { state: 'loading' } : { state: 'ready', body: rendered, updatedAt: new Date(), fromDevice: false },
  );
  const keepRendered = useRef(rendered !== undefined);
  useEffect(() => {
    let active = true;
    // What the server rendered stays on screen while it is read again (which refreshes this device's copy).
    const refreshing = keepRendered.current;
    keepRendered.current = false;
    if (!refreshing) setLoaded({ state: 'loading' });
    void load().then((result) => {
      if (!active) return;
      if (!result.ok) {
        if (refreshing) return;
        setLoaded({ state: 'failed', status: result.status });
        return;
      }
      const storedAt = result.headers.get(storedAtHeader);
      setLoaded({
        state: 'ready',
        body: result.body,
        updatedAt: storedAt ? new Date(storedAt) : new Date(),
        fromDevice: storedAt !== null,
      });
    });
    return () => {
      active = false;
    };
  }, dependencies);
  return [loaded, (body) => setLoaded({ state: 'ready', body, updatedAt: new Date(), fromDevice: false })];
}
