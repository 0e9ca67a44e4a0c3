import { formatInstantDate } from '../../shared/format.ts';
import { useLocation } from 'preact-iso';
import { dossierStatuses, isDossierStatus } from '../../shared/dossier-state.ts';
import { LoadProblem } from '../dossiers/load-problem.tsx';
import { useApiData } from '../http/use-api-data.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { fetchServiceDossiers } from './case-handling.client.ts';
import { DataTable } from '../page/data-table.tsx';

const ages = ['', '2', '7', '30'] as const;

/** The case handler's queue: their service's dossiers, filtered by status and by age (a plain GET form). */
export default function CaseListPage() {
  const { t, language } = useTranslation();
  const { query, url } = useLocation();
  const status = isDossierStatus(query.status) ? query.status : '';
  const olderThanDays = ages.find((age) => age === query.older_than_days) ?? '';
  const [dossiers] = useApiData(() => fetchServiceDossiers({ status, olderThanDays }), [url]);
  const now = Date.now();
  return (
    <Page title={t('case-handling:list.title')}>
      <form method="get" action="/agent/dossiers" class="filters" aria-label={t('case-handling:list.filters')}>
        <div class="field">
          <label for="filter-status">{t('case-handling:list.status')}</label>
          <select id="filter-status" name="status" value={status}>
            <option value="">{t('case-handling:list.any_status')}</option>
            {dossierStatuses
              .filter((option) => option !== 'draft')
              .map((option) => (
                <option key={option} value={option}>
                  {t(`dossiers:status.${option}`)}
                </option>
              ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-age">{t('case-handling:list.age')}</label>
          <select id="filter-age" name="older_than_days" value={olderThanDays}>
            {ages.map((age) => (
              <option key={age} value={age}>
                {age ? t('case-handling:list.older_than', { count: Number(age) }) : t('case-handling:list.any_age')}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button--secondary">
          {t('case-handling:list.apply')}
        </button>
      </form>
      {dossiers.state === 'loading' && <p role="status">{t('dossiers:loading')}</p>}
      {dossiers.state === 'failed' && <LoadProblem status={dossiers.status} />}
      {dossiers.state === 'ready' &&
        (dossiers.body.length === 0 ? (
          <p>{t('case-handling:list.empty')}</p>
        ) : (
          <DataTable caption={t('case-handling:list.caption', { count: dossiers.body.length })}>
            <thead>
              <tr>
                <th scope="col">{t('case-handling:list.reference')}</th>
                <th scope="col">{t('case-handling:list.procedure')}</th>
                <th scope="col">{t('case-handling:list.status')}</th>
                <th scope="col">{t('case-handling:list.received')}</th>
              </tr>
            </thead>
            <tbody>
              {dossiers.body.map((dossier) => (
                <tr key={dossier.reference}>
                  <td>
                    <a href={`/agent/dossiers/${encodeURIComponent(dossier.reference)}`}>{dossier.reference}</a>
                  </td>
                  <td>{t(`procedures:${dossier.procedure}.title`)}</td>
                  <td>{t(`dossiers:status.${dossier.status}`)}</td>
                  <td>
                    {formatInstantDate(language, dossier.submittedAt)} (
                    {t('case-handling:list.days_ago', { count: Math.floor((now - Date.parse(dossier.submittedAt)) / 86_400_000) })})
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ))}
    </Page>
  );
}
