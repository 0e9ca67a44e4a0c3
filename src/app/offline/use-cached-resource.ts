import { useEffect, useState } from 'preact/hooks';
import { storedAtHeader } from '../../shared/http.ts';
import { getJson } from '../http/api-client.ts';

export type CachedResource<Body> =
  { state: 'loading' } | { state: 'ready'; data: Body; updatedAt: Date; fromDevice: boolean } | { state: 'unavailable'; status: number };

/**
 * A read of the citizen's own data, network first: the service worker answers from its copy when
 * the network fails, and says when that copy was made, so the page can show "last updated …".
 */
export function useCachedResource<Body>(url: string): CachedResource<Body> {
  const [resource, setResource] = useState<CachedResource<Body>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setResource({ state: 'loading' });
    void getJson<Body>(url).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setResource({ state: 'unavailable', status: result.status });
        return;
      }
      const storedAt = result.headers.get(storedAtHeader);
      setResource({
        state: 'ready',
        data: result.body,
        updatedAt: storedAt ? new Date(storedAt) : new Date(),
        fromDevice: storedAt !== null,
      });
    });
    return () => {
      current = false;
    };
  }, [url]);
  return resource;
}
