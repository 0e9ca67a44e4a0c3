import { useEffect, useState } from 'preact/hooks';
import { storedAtHeader } from '../../shared/http.ts';
import type { ApiResult } from './api-client.ts';

export type Loaded<Body> =
  { state: 'loading' } | { state: 'ready'; body: Body; updatedAt: Date; fromDevice: boolean } | { state: 'failed'; status: number };

/**
 * Loads data once the page is in the browser (the server never renders personal data into HTML).
 * A citizen's own reads are network first: when the network fails the service worker answers from
 * its copy and says when that copy was made, so the page can tell "offline: information of …".
 */
export function useApiData<Body>(load: () => Promise<ApiResult<Body>>, dependencies: unknown[]): [Loaded<Body>, (body: Body) => void] {
  const [loaded, setLoaded] = useState<Loaded<Body>>({ state: 'loading' });
  useEffect(() => {
    let active = true;
    setLoaded({ state: 'loading' });
    void load().then((result) => {
      if (!active) return;
      if (!result.ok) {
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
