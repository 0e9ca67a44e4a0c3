import type { SatisfactionResult } from '../../shared/satisfaction-survey.ts';
import { LoadProblem } from '../dossiers/load-problem.tsx';
import { useApiData } from '../http/use-api-data.ts';
import { getJson } from '../http/api-client.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { DataTable } from '../page/data-table.tsx';

/** For administrators: how citizens rated their calls and visits, per service and channel. */
export default function SatisfactionResultsPage() {
  const { t } = useTranslation();
  const [results] = useApiData(() => getJson<SatisfactionResult[]>('/api/agent/satisfaction'), []);
  return (
    <Page title={t('survey:results.title')}>
      <p class="lead">{t('survey:results.lead')}</p>
      {results.state === 'loading' && <p role="status">{t('survey:results.loading')}</p>}
      {results.state === 'failed' && <LoadProblem status={results.status} />}
      {results.state === 'ready' &&
        (results.body.length === 0 ? (
          <p>{t('survey:results.empty')}</p>
        ) : (
          <DataTable caption={t('survey:results.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('survey:results.service')}</th>
                <th scope="col">{t('survey:results.channel')}</th>
                <th scope="col">{t('survey:results.answered')}</th>
                <th scope="col">{t('survey:results.average')}</th>
                <th scope="col">{t('survey:results.spread')}</th>
              </tr>
            </thead>
            <tbody>
              {results.body.map((row) => (
                <tr key={`${row.service}-${row.channel}`}>
                  <th scope="row">{t(`callback:topic.options.${row.service}`, { defaultValue: row.service })}</th>
                  <td>{t(`survey:channels.${row.channel}`)}</td>
                  <td>{t('survey:results.answered_of', { answered: row.answered, invited: row.invited })}</td>
                  <td>{row.average === null ? '—' : t('survey:results.average_value', { average: row.average })}</td>
                  <td>{row.counts.map((count, index) => t('survey:results.count', { rating: index + 1, count })).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ))}
      <p>
        <a href="/agent">{t('survey:results.back_home')}</a>
      </p>
    </Page>
  );
}
