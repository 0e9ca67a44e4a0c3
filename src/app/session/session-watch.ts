import { sessionRenewPath, sessionStatusPath, type SessionStatus } from '../../shared/session.ts';
import { getJson, sendJson } from '../http/api-client.ts';
import { isSignedOut, onSignedOut, reportSignedOut } from './signed-out.ts';

/** Where the session stands for the page: in use, about to end (WCAG 2.2.1's warning), or ended. */
export type SessionPhase = { kind: 'active' } | { kind: 'warning'; endsAt: number } | { kind: 'ended' };

export interface SessionWatch {
  /**
   * "Stay signed in": `renewed` once the server has started the idle time again, `at-limit` when
   * the session's absolute lifetime leaves no more time than the warning, `failed` without an answer.
   */
  stay(): Promise<'renewed' | 'at-limit' | 'failed'>;
  stop(): void;
}

/** When the server cannot be asked (offline), ask again after this long. */
const retryMs = 30_000;

/**
 * Follows a signed-in page's session. The server says how long it has left without extending it
 * (`GET /api/session`); the page asks again when the warning is due, because the citizen may have
 * used the session since (this page's requests, another tab), and at the end, to be sure before
 * saying it ended. A 401 from any request ends it at once.
 */
export function watchSession(onPhase: (phase: SessionPhase) => void): SessionWatch {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let known: { endsAt: number; warnAt: number } | undefined;

  const at = (time: number, task: () => void) => {
    clearTimeout(timer);
    timer = setTimeout(task, Math.max(0, time - Date.now()));
  };

  const show = () => {
    if (stopped || !known) return;
    if (Date.now() < known.warnAt) {
      onPhase({ kind: 'active' });
      at(known.warnAt, () => void check());
    } else {
      onPhase({ kind: 'warning', endsAt: known.endsAt });
      // A moment after the end, so the server's clock has passed it too.
      at(known.endsAt + 1000, () => void check());
    }
  };

  const apply = (status: SessionStatus) => {
    if (!status.signedIn) {
      reportSignedOut();
      return;
    }
    const endsAt = Date.now() + status.endsInSeconds * 1000;
    known = { endsAt, warnAt: endsAt - status.warnBeforeSeconds * 1000 };
    show();
  };

  const check = async () => {
    if (stopped || isSignedOut()) return;
    const result = await getJson<SessionStatus>(sessionStatusPath);
    if (stopped) return;
    if (result.ok) apply(result.body);
    else {
      // No answer: go by what was last known, and ask again in a while.
      show();
      at(Date.now() + retryMs, () => void check());
    }
  };

  const stopListening = onSignedOut(() => {
    clearTimeout(timer);
    if (!stopped) onPhase({ kind: 'ended' });
  });
  // A phone asleep or a tab in the background delays timers: look again when the page is seen.
  const page = document;
  const onVisible = () => {
    if (page.visibilityState === 'visible') void check();
  };
  page.addEventListener('visibilitychange', onVisible);
  if (isSignedOut()) onPhase({ kind: 'ended' });
  else void check();

  return {
    async stay() {
      const result = await sendJson<SessionStatus>(sessionRenewPath, {}, { idempotencyKey: crypto.randomUUID() });
      if (!result.ok || stopped || !result.body.signedIn) return 'failed';
      apply(result.body);
      return result.body.endsInSeconds > result.body.warnBeforeSeconds ? 'renewed' : 'at-limit';
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      stopListening();
      page.removeEventListener('visibilitychange', onVisible);
    },
  };
}
