import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useTranslation } from '../i18n/use-translation.ts';
import { signInHref } from '../session/sign-in-link.ts';
import type { OutboxView } from './outbox-watch.ts';

/**
 * On every page, a polite live region saying what waits on this device: "waiting to be sent (2)",
 * "offline — saved on this phone", "sent", or what needs the citizen. Empty when there is nothing
 * to say. The outbox code loads after the page is drawn, never before.
 */
export function OutboxStatus() {
  const { t } = useTranslation();
  const { url } = useLocation();
  const [view, setView] = useState<OutboxView | undefined>();

  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    void import('./outbox-watch.ts').then(({ watchOutbox }) => {
      if (!cancelled) stop = watchOutbox(setView);
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);

  const messages: string[] = [];
  if (view && view.pending > 0) {
    messages.push(
      view.online ? t('common:outbox.waiting', { count: view.pending }) : t('common:outbox.waiting_offline', { count: view.pending }),
    );
  } else if (view && view.justSent.length > 0) {
    messages.push(t('common:outbox.sent'));
  }
  const attention = view?.needsAttention ?? 0;
  const waitingForSignIn = view?.waitingForSignIn ?? 0;

  return (
    <div class="outbox-status" role="status" aria-live="polite">
      {(messages.length > 0 || attention > 0 || waitingForSignIn > 0) && (
        <div class="container outbox-status__inner">
          {messages.map((message) => (
            <p key={message}>{message}</p>
          ))}
          {waitingForSignIn > 0 && (
            <p>
              {t('common:outbox.waiting_sign_in')} <a href={signInHref(url)}>{t('common:session.sign_in_again')}</a>
            </p>
          )}
          {attention > 0 && (
            <p>
              <a href="/outbox">{t('common:outbox.needs_attention', { count: attention })}</a>
            </p>
          )}
          {view && view.pending > 0 && attention === 0 && (
            <p>
              <a href="/outbox">{t('common:outbox.see_all')}</a>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
