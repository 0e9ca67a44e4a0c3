import { formatInstantDate } from '../../shared/format.ts';
import type { OwnCallbackRequest } from '../../shared/callback-request.ts';
import { getJson } from '../http/api-client.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { LastUpdated } from '../offline/last-updated.tsx';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { fetchMyDossiers } from './dossier.client.ts';
import { LoadProblem } from './load-problem.tsx';
import { useApiData } from '../http/use-api-data.ts';

/** "My requests": each dossier with its status in words, newest first. */
export default function MyRequestsPage() {
  const { t, language } = useTranslation();
  // Rendered by the server (so the page works without JavaScript), then read again.
  const rendered = usePageContext().state.requests;
  const [dossiers] = useApiData(fetchMyDossiers, [], rendered?.dossiers);
  const [callbacks] = useApiData(() => getJson<OwnCallbackRequest[]>('/api/account/callback-requests'), [], rendered?.callbacks);
  return (
    <Page title={t('dossiers:list.title')}>
      <p>
        <a href="/procedures">{t('dossiers:list.new_request')}</a>
      </p>
      {/* The room the list will take is kept while it loads: nothing below it jumps (CLS). */}
      <div class="loaded-region">
        {dossiers.state === 'loading' && <p role="status">{t('dossiers:loading')}</p>}
        {dossiers.state === 'failed' && <LoadProblem status={dossiers.status} />}
        {dossiers.state === 'ready' && <LastUpdated updatedAt={dossiers.updatedAt} fromDevice={dossiers.fromDevice} />}
        {dossiers.state === 'ready' &&
          (dossiers.body.length === 0 ? (
            <p>{t('dossiers:list.empty')}</p>
          ) : (
            <ul class="cards">
              {dossiers.body.map((dossier) => (
                <li class="card" key={dossier.reference}>
                  <h2 class="card__title">
                    <a href={`/requests/${encodeURIComponent(dossier.reference)}`}>{t(`procedures:${dossier.procedure}.title`)}</a>
                  </h2>
                  <p>
                    <strong class={`status status--${dossier.status}`}>{t(`dossiers:status.${dossier.status}`)}</strong>
                  </p>
                  <p>
                    {t('dossiers:list.reference', { reference: dossier.reference })}
                    <br />
                    {t('dossiers:list.sent_on', {
                      date: formatInstantDate(language, dossier.submittedAt),
                    })}
                  </p>
                </li>
              ))}
            </ul>
          ))}
      </div>
      <section aria-labelledby="own-callbacks">
        <h2 id="own-callbacks">{t('callback:own.title')}</h2>
        {callbacks.state === 'failed' && <LoadProblem status={callbacks.status} />}
        {callbacks.state === 'ready' &&
          (callbacks.body.length === 0 ? (
            <p>{t('callback:own.empty')}</p>
          ) : (
            <ul class="cards">
              {callbacks.body.map((request) => (
                <li class="card" key={request.reference}>
                  <h3 class="card__title">{t(`callback:topic.options.${request.topic}`)}</h3>
                  <p>
                    <strong class="status">{t(`callback:mine.statuses.${request.status}`)}</strong>
                  </p>
                  <p>
                    {t('callback:own.item', {
                      reference: request.reference,
                      date: formatInstantDate(language, request.createdAt),
                    })}
                  </p>
                </li>
              ))}
            </ul>
          ))}
        <p>
          <a href="/callback">{t('callback:mine.new_request')}</a>
        </p>
      </section>
    </Page>
  );
}
