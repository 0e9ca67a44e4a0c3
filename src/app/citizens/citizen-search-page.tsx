import { formatDate } from '../../shared/format.ts';
import { useLocation } from 'preact-iso';
import { citizenSearchSchema, type CitizenSummary } from '../../shared/citizen.ts';
import { LoadProblem } from '../dossiers/load-problem.tsx';
import { useApiData } from '../http/use-api-data.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useForm } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { searchCitizens } from './citizen.client.ts';

const formId = 'citizen-search';

/**
 * Finding the citizen an agent is serving: by a phone number they verified, or by name. A plain
 * GET form, so the query is in the address and the browser's Back returns to the results.
 */
export default function CitizenSearchPage() {
  const { t } = useTranslation();
  const { query, route } = useLocation();
  const asked = typeof query.q === 'string' ? query.q : '';
  const form = useForm(citizenSearchSchema, { values: { q: asked } });
  const onSubmit = form.submit(({ q }) => route(`/agent/citizens?q=${encodeURIComponent(q)}`));
  return (
    <Page title={t('citizens:search.title')}>
      <p class="lead">{t('citizens:search.lead')}</p>
      <form id={formId} method="get" action="/agent/citizens" noValidate onSubmit={onSubmit}>
        <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
        <TextField
          form={form}
          formId={formId}
          name="q"
          label={t('citizens:search.label')}
          hint={t('citizens:search.hint')}
          autocomplete="off"
        />
        <button type="submit" class="button">
          {t('citizens:search.submit')}
        </button>
      </form>
      {asked && <Results key={asked} query={asked} />}
    </Page>
  );
}

function Results({ query }: { query: string }) {
  const { t } = useTranslation();
  const [found] = useApiData(() => searchCitizens(query), [query]);
  if (found.state === 'loading') return <p role="status">{t('citizens:loading')}</p>;
  if (found.state === 'failed') return <LoadProblem status={found.status} />;
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">
        {found.body.length > 0 ? t('citizens:search.results', { count: found.body.length }) : t('citizens:search.no_results')}
      </h2>
      {found.body.length > 0 && (
        <ul class="cards">
          {found.body.map((citizen) => (
            <CitizenCard key={citizen.id} citizen={citizen} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CitizenCard({ citizen }: { citizen: CitizenSummary }) {
  const { t, language } = useTranslation();
  return (
    <li class="card">
      <h3>
        <a href={`/agent/citizens/${citizen.id}`}>{citizen.name || t('citizens:unnamed')}</a>
      </h3>
      <p>
        {citizen.birthdate && t('citizens:born', { date: formatDate(language, citizen.birthdate) })}
        {citizen.birthdate && citizen.verifiedPhones.length > 0 && ' · '}
        {citizen.verifiedPhones.length > 0 && <span dir="ltr">{citizen.verifiedPhones.join(', ')}</span>}
      </p>
    </li>
  );
}
