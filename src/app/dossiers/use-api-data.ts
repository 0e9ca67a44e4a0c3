import { useEffect, useState } from 'preact/hooks';
import type { ApiResult } from '../http/api-client.ts';

export type Loaded<Body> = { state: 'loading' } | { state: 'ready'; body: Body } | { state: 'failed'; status: number };

/** Loads personal data once the page is in the browser (the server never renders it into HTML). */
export function useApiData<Body>(load: () => Promise<ApiResult<Body>>, dependencies: unknown[]): [Loaded<Body>, (body: Body) => void] {
  const [loaded, setLoaded] = useState<Loaded<Body>>({ state: 'loading' });
  useEffect(() => {
    let active = true;
    void load().then((result) => {
      if (active) setLoaded(result.ok ? { state: 'ready', body: result.body } : { state: 'failed', status: result.status });
    });
    return () => {
      active = false;
    };
  }, dependencies);
  return [loaded, (body) => setLoaded({ state: 'ready', body })];
}
