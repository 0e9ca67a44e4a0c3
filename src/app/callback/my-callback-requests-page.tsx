import { formatDateTime } from '../../shared/format.ts';
import { useEffect, useState } from 'preact/hooks';
import type { CallbackRequestStatus } from '../../shared/callback-request.ts';
import { getJson } from '../http/api-client.ts';
import { useApiData } from '../http/use-api-data.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import type { SentRecord } from '../offline/outbox.ts';
import { LastUpdated } from '../offline/last-updated.tsx';
import { Page } from '../page/page.tsx';
import { callbackRequestsUrl } from './callback-request.client.ts';

/**
 * The call-back requests sent from this device, newest first, each with where it stands. The
 * status comes from the network when there is one, else from the device's last copy, with its time.
 */
export default function MyCallbackRequestsPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState<SentRecord[] | undefined>();
  const [waiting, setWaiting] = useState(0);
  const [forgotten, setForgotten] = useState(false);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let current = true;
    void import('../offline/outbox.ts').then(({ listSent, listOutbox, onOutboxMessage }) => {
      const refresh = async () => {
        const [records, entries] = await Promise.all([listSent('callback-request'), listOutbox()]);
        if (!current) return;
        setSent(records);
        setWaiting(entries.filter((entry) => entry.kind === 'callback-request').length);
      };
      void refresh();
      stop = onOutboxMessage(() => void refresh());
    });
    return () => {
      current = false;
      stop?.();
    };
  }, []);

  // A shared phone: the next person should not see these requests, nor their status.
  const forget = async () => {
    const { wipePersonalData } = await import('../offline/wipe-personal-data.ts');
    await wipePersonalData();
    setSent([]);
    setWaiting(0);
    setForgotten(true);
  };

  return (
    <Page title={t('callback:mine.title')}>
      <p>{t('callback:mine.lead')}</p>
      {waiting > 0 && (
        <p>
          <a href="/outbox">{t('callback:mine.waiting', { count: waiting })}</a>
        </p>
      )}
      {sent === undefined ? (
        <p>{t('callback:mine.loading')}</p>
      ) : sent.length === 0 ? (
        <p>{t('callback:mine.empty')}</p>
      ) : (
        <ul class="outbox-list">
          {sent.map((record) => (
            <CallbackRequestItem key={record.key} record={record} />
          ))}
        </ul>
      )}
      <p>
        <a href="/callback">{t('callback:mine.new_request')}</a>
      </p>
      <section aria-labelledby="forget-device">
        <h2 id="forget-device">{t('callback:mine.forget_title')}</h2>
        <p>{t('callback:mine.forget_text')}</p>
        {waiting > 0 && <p class="notice notice--warning">{t('callback:mine.forget_waiting', { count: waiting })}</p>}
        <button type="button" class="button button--secondary" onClick={() => void forget()}>
          {t('callback:mine.forget')}
        </button>
        <p role="status">{forgotten ? t('callback:mine.forgotten') : ''}</p>
      </section>
    </Page>
  );
}

function CallbackRequestItem({ record }: { record: SentRecord }) {
  const { t, language } = useTranslation();
  const reference = (record.response as { reference?: string } | null)?.reference ?? '';
  const url = `${callbackRequestsUrl}/${encodeURIComponent(reference)}`;
  const [status] = useApiData(() => getJson<CallbackRequestStatus>(url), [url]);
  const when = (time: Date | number) => formatDateTime(language, time);
  return (
    <li class="outbox-list__item">
      <h2 class="outbox-list__title">
        <span dir="ltr">{reference}</span>
      </h2>
      <p>{t('callback:mine.sent_at', { when: when(record.sentAt) })}</p>
      {status.state === 'loading' && <p>{t('callback:mine.loading')}</p>}
      {status.state === 'failed' && <p>{t('callback:mine.status_unavailable')}</p>}
      {status.state === 'ready' && (
        <>
          <p class="callback-status">
            <strong>{t(`callback:mine.statuses.${status.body.status}`)}</strong>
          </p>
          <LastUpdated updatedAt={status.updatedAt} fromDevice={status.fromDevice} />
        </>
      )}
    </li>
  );
}
