import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useTranslation } from '../i18n/use-translation.ts';
import { ViewerContext } from '../shell/viewer-context.ts';
import { signInHref } from './sign-in-link.ts';
import { isSignedOut, onSignedOut } from './signed-out.ts';
import type { SessionPhase, SessionWatch } from './session-watch.ts';

/**
 * On every page, loaded after it: for a signed-in page, a warning before the session ends (a
 * modal alert dialog that takes focus, with "stay signed in"), and once it has ended (or any
 * request was refused for want of a sign-in), a message that takes focus, says that nothing typed
 * was lost, and offers to sign in again and come back here.
 */
export default function SessionNotice() {
  const { t, language } = useTranslation();
  const { url } = useLocation();
  // Who the page was rendered for: the header has switched to "signed out" by the time this shows.
  const viewer = useContext(ViewerContext);
  const [phase, setPhase] = useState<SessionPhase>(isSignedOut() ? { kind: 'ended' } : { kind: 'active' });
  const [renewal, setRenewal] = useState<'at-limit' | 'failed' | undefined>();
  const [now, setNow] = useState(Date.now);
  const watch = useRef<SessionWatch | undefined>(undefined);
  const dialog = useRef<HTMLDialogElement>(null);
  const ended = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!viewer) return onSignedOut(() => setPhase({ kind: 'ended' }));
    let active = true;
    void import('./session-watch.ts').then(({ watchSession }) => {
      if (active) watch.current = watchSession(setPhase);
    });
    return () => {
      active = false;
      watch.current?.stop();
    };
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (phase.kind === 'warning') {
      if (element && !element.open) {
        element.showModal();
        // On "stay signed in", whatever the browser's own choice for a dialog without autofocus.
        element.querySelector('button')?.focus();
      }
      const tick = setInterval(() => setNow(Date.now()), 1000);
      setNow(Date.now());
      return () => clearInterval(tick);
    }
    if (element?.open) element.close();
    setRenewal(undefined);
    if (phase.kind === 'ended') ended.current?.focus();
    return undefined;
  }, [phase.kind]);

  const stay = async () => {
    const outcome = (await watch.current?.stay()) ?? 'failed';
    setRenewal(outcome === 'renewed' || isSignedOut() ? undefined : outcome);
  };

  const endsAt = phase.kind === 'warning' ? phase.endsAt : now;
  const left = Math.max(0, Math.ceil((endsAt - now) / 1000));
  const countdown = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(endsAt);
  const audience = viewer?.kind ?? 'citizen';

  return (
    <>
      {viewer && (
        <dialog
          ref={dialog}
          class="session-dialog"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="session-warning-title"
          aria-describedby="session-warning-text"
          // Escape is a sign the person is there: it keeps them signed in, like the button.
          onCancel={(event) => {
            event.preventDefault();
            void stay();
          }}
        >
          <h2 id="session-warning-title">{t('common:session.warning_title')}</h2>
          <p id="session-warning-text">{t('common:session.warning_text', { time })}</p>
          <p role="timer" class="session-dialog__countdown">
            {t('common:session.remaining', { time: countdown })}
          </p>
          {renewal && (
            <p class="notice notice--warning" role="alert">
              {t(renewal === 'at-limit' ? 'common:session.cannot_extend' : 'common:session.renew_failed')}
            </p>
          )}
          <button type="button" class="button" onClick={() => void stay()}>
            {t('common:session.stay')}
          </button>
        </dialog>
      )}
      {phase.kind === 'ended' && (
        <div class="container">
          <div class="notice notice--warning session-ended" role="alert" tabIndex={-1} ref={ended}>
            <h2>{t(viewer ? 'common:session.ended_title' : 'common:session.needed_title')}</h2>
            <p>{t('common:session.ended_text')}</p>
            <p>
              <a class="button" href={signInHref(url, audience)}>
                {t(viewer ? 'common:session.sign_in_again' : 'common:account_menu.sign_in')}
              </a>
            </p>
          </div>
        </div>
      )}
    </>
  );
}
