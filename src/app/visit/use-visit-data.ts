import { useEffect, useState } from 'preact/hooks';
import type { ApiResult } from '../http/api-client.ts';

/**
 * A page's data: what the server rendered it with on the first page, fetched from the API after a
 * move inside the app. `key` names what is shown (the URL), so stale data is never shown for another.
 */
export function useVisitData<T>(key: string, rendered: T | undefined, load: () => Promise<ApiResult<T>>) {
  const [state, setState] = useState<{ key: string | undefined; data?: T; problem?: string }>(
    rendered ? { key, data: rendered } : { key: undefined },
  );
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    if (state.key === key && reloads === 0) return;
    let current = true;
    void load().then((result) => {
      if (!current) return;
      if (result.ok) setState({ key, data: result.body });
      else
        setState({
          key,
          problem:
            result.status === 0 ? 'common:errors.network' : result.status === 404 ? 'errors:not_found.text' : 'common:errors.unexpected',
        });
    });
    return () => {
      current = false;
    };
  }, [key, reloads]);

  const fresh = state.key === key;
  return {
    data: fresh ? state.data : undefined,
    problem: fresh ? state.problem : undefined,
    reload: () => setReloads((count) => count + 1),
  };
}
