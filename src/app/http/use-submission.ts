import { useState } from 'preact/hooks';
import { needsSignIn } from '../../shared/error-codes.ts';
import type { ApiResult } from './api-client.ts';

/**
 * One submission of a form: a single idempotency key for every retry of the same answers (so a
 * double tap or a retry after a timeout never creates two records), a busy flag, and the
 * translated problem to show when the server could not be reached or refused.
 */
export function useSubmission(initialKey: string) {
  const [key, setKey] = useState(initialKey);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();

  return {
    busy,
    problem,
    async send<Body>(request: (idempotencyKey: string) => Promise<ApiResult<Body>>): Promise<ApiResult<Body>> {
      setBusy(true);
      setProblem(undefined);
      const result = await request(key);
      setBusy(false);
      if (result.ok) setKey(crypto.randomUUID());
      else if (result.status === 0) setProblem('common:errors.network');
      else if (result.status === 429) setProblem('common:errors.rate_limited');
      // The session ended: never "a problem on our side". The page's notice offers to sign in again.
      else if (needsSignIn(result.status, result.error.error)) setProblem('common:errors.signed_out');
      else if (result.status !== 422 || result.error.error !== 'validation') setProblem('common:errors.unexpected');
      return result;
    },
  };
}
