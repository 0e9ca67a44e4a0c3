import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { LoadProblem } from '../dossiers/load-problem.tsx';
import { useApiData } from '../http/use-api-data.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { claimCall, fetchCallbackQueue } from './callback-queue.client.ts';
import { DataTable } from '../page/data-table.tsx';

/**
 * The phone agents' queue: the calls held by this agent first, then by window and the longest
 * wait. "Take this call" claims it: if another agent was quicker, the agent is told and the
 * queue is read again.
 */
export default function CallbackQueuePage() {
  const { t, language } = useTranslation();
  const { route } = useLocation();
  const [reload, setReload] = useState(0);
  const [queue] = useApiData(fetchCallbackQueue, [reload]);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const take = async (reference: string) => {
    setBusy(true);
    setProblem(undefined);
    const claimed = await claimCall(reference, crypto.randomUUID());
    setBusy(false);
    if (claimed.ok) return route(`/agent/callbacks/${encodeURIComponent(reference)}`);
    setProblem(claimed.status === 409 ? 'callback-queue:queue.taken' : 'common:errors.unexpected');
    setReload((count) => count + 1);
  };

  const waited = (createdAt: string) =>
    t('callback-queue:queue.waited', { count: Math.max(0, Math.floor((Date.now() - Date.parse(createdAt)) / 60_000)) });
  return (
    <Page title={t('callback-queue:queue.title')}>
      <p role="alert">{problem ? t(problem) : ''}</p>
      {queue.state === 'loading' && <p role="status">{t('callback-queue:loading')}</p>}
      {queue.state === 'failed' && <LoadProblem status={queue.status} />}
      {queue.state === 'ready' &&
        (queue.body.length === 0 ? (
          <p>{t('callback-queue:queue.empty')}</p>
        ) : (
          <DataTable caption={t('callback-queue:queue.caption', { count: queue.body.length })}>
            <thead>
              <tr>
                <th scope="col">{t('callback-queue:queue.reference')}</th>
                <th scope="col">{t('callback-queue:queue.topic')}</th>
                <th scope="col">{t('callback-queue:queue.window')}</th>
                <th scope="col">{t('callback-queue:queue.language')}</th>
                <th scope="col">{t('callback-queue:queue.waiting')}</th>
                <th scope="col">{t('callback-queue:queue.action')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.body.map((item) => (
                <tr key={item.reference}>
                  <th scope="row" dir="ltr">
                    {item.reference}
                  </th>
                  <td>{t(`callback:topic.options.${item.topic}`)}</td>
                  <td>{t(`callback-queue:windows.${item.window}`)}</td>
                  <td>{new Intl.DisplayNames([language], { type: 'language' }).of(item.callLanguage) ?? item.callLanguage}</td>
                  <td>
                    {waited(item.createdAt)}
                    {item.attempts > 0 && (
                      <>
                        <br />
                        {t('callback-queue:queue.attempts', { count: item.attempts })}
                      </>
                    )}
                  </td>
                  <td>
                    {item.mine ? (
                      <a href={`/agent/callbacks/${encodeURIComponent(item.reference)}`}>
                        {t('callback-queue:queue.resume')} <span class="visually-hidden">{item.reference}</span>
                      </a>
                    ) : (
                      <button type="button" class="button button--small" disabled={busy} onClick={() => void take(item.reference)}>
                        {t('callback-queue:queue.take')} <span class="visually-hidden">{item.reference}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ))}
      <p>
        <a href="/agent">{t('callback-queue:back_home')}</a>
      </p>
    </Page>
  );
}
