import { formatDateTime } from '../../shared/format.ts';
import { isErrorCode, type ErrorCode } from '../../shared/error-codes.ts';
import { useEffect, useState } from 'preact/hooks';
import { formatSize, uploadErrorKey } from '../documents/document-format.ts';
import { activeI18n } from '../i18n/i18n.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import type { OutboxEntry } from './outbox.ts';

/** Where a kind of write is fixed: its form, reopened with what the citizen typed. */
const formFor = (entry: OutboxEntry): string => {
  const query = new URLSearchParams({ outbox: entry.key });
  if (entry.kind === 'visit-booking') {
    // The booking form's address carries the chosen time; the phone and name come from the outbox.
    for (const name of ['service', 'location', 'day', 'start']) query.set(name, entry.formValues[name] ?? '');
    return `/visit/details?${query.toString()}`;
  }
  const path =
    entry.kind === 'dossier-submission'
      ? `/procedures/${encodeURIComponent(String(entry.body.procedure))}/check`
      : entry.kind === 'accessibility-feedback'
        ? '/accessibility/feedback'
        : '/callback';
  return `${path}?${query.toString()}`;
};

/** An upload refused only because the session had ended, or kept too long: the same file can go as it is. */
const canSendAgain = (entry: OutboxEntry): boolean => entry.attention?.kind === 'expired' || signedOut(entry);

/** Refused because the session had ended (a phone restarted, a long wait): signing in again is the fix. */
const signedOut = (entry: OutboxEntry): boolean => entry.attention?.kind === 'refused' && entry.attention.status === 401;

/** The registry's code of a refusal the citizen can read about (`slot_taken`…), if the server gave one. */
const refusalCode = (entry: OutboxEntry): ErrorCode | undefined => {
  const code = entry.attention?.kind === 'refused' ? entry.attention.error.error : '';
  return isErrorCode(code) ? code : undefined;
};

/** A document waiting to go to the locker: its name, its file and its size. */
function UploadedFile({ entry }: { entry: OutboxEntry }) {
  const { t, language } = useTranslation();
  if (!entry.upload) return null;
  return (
    <p>
      {t('offline:upload.file', {
        name: String(entry.body.name),
        file: entry.upload.fileName,
        size: formatSize(t, language, entry.upload.file.size),
      })}
    </p>
  );
}

/**
 * What this device still holds: writes waiting for the network, and those that need the citizen
 * (refused by the server, or too old to send unseen), each with its form to fix or a delete button.
 */
export default function OutboxPage() {
  const { t, language } = useTranslation();
  const [entries, setEntries] = useState<OutboxEntry[] | undefined>();
  const [retrying, setRetrying] = useState(false);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let current = true;
    void import('./outbox.ts').then(({ listOutbox, onOutboxMessage }) => {
      const refresh = async () => {
        const list = await listOutbox();
        // A document's size and refusal read with the locker's words, loaded only when one waits here.
        if (list.some((entry) => entry.kind === 'document-upload')) await activeI18n.ensure(['documents']);
        // What the server said of a refused write, in the registry's words, loaded only when one waits here.
        if (list.some((entry) => refusalCode(entry))) await activeI18n.ensure(['errors']);
        if (current) setEntries(list);
      };
      void refresh();
      stop = onOutboxMessage(() => void refresh());
    });
    return () => {
      current = false;
      stop?.();
    };
  }, []);

  const remove = async (key: string) => {
    const { deleteOutboxEntry } = await import('./outbox.ts');
    await deleteOutboxEntry(key);
    document.getElementById('main')?.focus();
  };
  const sendAgain = async (key: string) => {
    const { requeueOutboxEntry } = await import('./outbox.ts');
    await requeueOutboxEntry(key);
    await retry();
  };
  const retry = async () => {
    setRetrying(true);
    const { replayOutbox } = await import('./replay.ts');
    await replayOutbox().catch(() => undefined);
    setRetrying(false);
  };

  const when = (time: number) => formatDateTime(language, time);
  const attention = entries?.filter((entry) => entry.state === 'needs-attention') ?? [];
  // Waiting for a sign-in is waiting all the same: it goes by itself once the citizen has signed in.
  const pending = entries?.filter((entry) => entry.state !== 'needs-attention') ?? [];

  return (
    <Page title={t('offline:outbox.title')}>
      {entries === undefined ? <p>{t('offline:outbox.loading')}</p> : entries.length === 0 ? <p>{t('offline:outbox.empty')}</p> : null}

      {attention.length > 0 && (
        <section aria-labelledby="outbox-attention">
          <h2 id="outbox-attention">{t('offline:outbox.attention_title', { count: attention.length })}</h2>
          <ul class="outbox-list">
            {attention.map((entry) => (
              <li key={entry.key} class="outbox-list__item">
                <h3>{t(`offline:kinds.${entry.kind}`)}</h3>
                <UploadedFile entry={entry} />
                <p>{t('offline:outbox.saved_at', { when: when(entry.createdAt) })}</p>
                <p class="outbox-list__reason">
                  {entry.attention?.kind === 'expired'
                    ? t('offline:outbox.reason_expired')
                    : entry.attention?.status === 401
                      ? t('offline:upload.reason_signed_out')
                      : entry.kind === 'document-upload'
                        ? t(uploadErrorKey(entry.attention?.error.error ?? ''))
                        : entry.attention?.status === 422
                          ? t('offline:outbox.reason_invalid')
                          : refusalCode(entry)
                            ? t(`errors:${refusalCode(entry)}.text`)
                            : t('offline:outbox.reason_refused')}
                </p>
                {signedOut(entry) && (
                  <p>
                    <a href={`/auth/login?return=${encodeURIComponent('/outbox')}`}>{t('common:account_menu.sign_in')}</a>
                  </p>
                )}
                <p class="outbox-list__actions">
                  {entry.kind !== 'document-upload' ? (
                    <a class="button" href={formFor(entry)}>
                      {t('offline:outbox.fix')}
                      <span class="visually-hidden"> – {t(`offline:kinds.${entry.kind}`)}</span>
                    </a>
                  ) : (
                    // A file cannot be put back in a form: sent again as it is, once the citizen has looked at it.
                    canSendAgain(entry) && (
                      <button type="button" class="button" onClick={() => void sendAgain(entry.key)}>
                        {t('offline:upload.send_again')}
                        <span class="visually-hidden"> – {String(entry.body.name)}</span>
                      </button>
                    )
                  )}{' '}
                  <button type="button" class="button button--secondary" onClick={() => void remove(entry.key)}>
                    {t('offline:outbox.delete')}
                    <span class="visually-hidden"> – {t(`offline:kinds.${entry.kind}`)}</span>
                  </button>
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}

      {pending.length > 0 && (
        <section aria-labelledby="outbox-pending">
          <h2 id="outbox-pending">{t('offline:outbox.pending_title', { count: pending.length })}</h2>
          <p>{t('offline:outbox.pending_text')}</p>
          <ul class="outbox-list">
            {pending.map((entry) => (
              <li key={entry.key} class="outbox-list__item">
                <h3>{t(`offline:kinds.${entry.kind}`)}</h3>
                <UploadedFile entry={entry} />
                <p>{t('offline:outbox.saved_at', { when: when(entry.createdAt) })}</p>
                {entry.state === 'waiting-for-sign-in' && (
                  <p class="outbox-list__reason">
                    {t('common:outbox.waiting_sign_in')}{' '}
                    <a href={`/auth/login?return=${encodeURIComponent('/outbox')}`}>{t('common:session.sign_in_again')}</a>
                  </p>
                )}
                {entry.upload && (
                  <>
                    <p>
                      {entry.upload.offset > 0
                        ? t('offline:upload.resumes', { percent: Math.floor((entry.upload.offset / entry.upload.file.size) * 100) })
                        : t('offline:upload.waiting')}
                    </p>
                    <p class="outbox-list__actions">
                      <button type="button" class="button button--secondary" onClick={() => void remove(entry.key)}>
                        {t('offline:outbox.delete')}
                        <span class="visually-hidden"> – {String(entry.body.name)}</span>
                      </button>
                    </p>
                  </>
                )}
              </li>
            ))}
          </ul>
          <button type="button" class="button button--secondary" disabled={retrying} onClick={() => void retry()}>
            {retrying ? t('common:form.sending') : t('offline:outbox.retry')}
          </button>
        </section>
      )}
    </Page>
  );
}
