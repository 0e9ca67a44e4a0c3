import { RequiredStatement } from '../forms/form.tsx';
import { csrfFormField } from '../../shared/http.ts';
import { walkInSchema, type AgendaEntry, type CounterAgendaView } from '../../shared/counter-agenda.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { RadioGroup } from '../forms/radio-group.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useForm } from '../forms/use-form.ts';
import { getJson } from '../http/api-client.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { useVisitData } from '../visit/use-visit-data.ts';
import { formatDay } from '../visit/visit-format.ts';

const walkInFormId = 'walk-in';

/**
 * Today at the counter: each counter's visits in order, with buttons to record an arrival, a
 * visit seen or a no-show, and a form for someone who came without an appointment. Every button is
 * a small form the server answers, so the page needs no JavaScript.
 */
export default function CounterAgendaPage() {
  const { t, language } = useTranslation();
  const page = usePageContext();
  const { data, problem } = useVisitData('agenda', page.state.visit?.agenda, () => getJson<CounterAgendaView>('/api/agent/counter/agenda'));
  const title = t('counter:title');
  if (!data) {
    return (
      <Page title={title}>
        <p role="status">{problem ? t(problem) : t('counter:loading')}</p>
      </Page>
    );
  }
  const notice = page.state.visit?.agendaNotice;
  return (
    <Page title={title}>
      <p class="lead">
        {data.location.name}, {formatDay(language, data.day)}
      </p>
      {notice && (
        <p class="notice" role="status">
          {t(notice)}
        </p>
      )}
      {data.counters.map((counter) => (
        <section key={counter.id} aria-labelledby={`counter-${counter.id}`}>
          <h2 id={`counter-${counter.id}`}>{counter.label}</h2>
          {counter.appointments.length === 0 ? (
            <p>{t('counter:no_appointments')}</p>
          ) : (
            <ul class="agenda-list">
              {counter.appointments.map((entry) => (
                <AgendaItem key={entry.id} entry={entry} />
              ))}
            </ul>
          )}
        </section>
      ))}
      <WalkInForm services={data.services} />
    </Page>
  );
}

function AgendaItem({ entry }: { entry: AgendaEntry }) {
  const { t } = useTranslation();
  const { csrfToken } = usePageContext();
  const actions =
    entry.status !== 'booked' ? [] : entry.checkedIn ? (['seen', 'no_show'] as const) : (['check_in', 'seen', 'no_show'] as const);
  return (
    <li class="agenda-entry" id={`appointment-${entry.id}`}>
      <p class="agenda-entry__summary">
        <strong>{entry.time}</strong> {entry.name} · {t(`counter:services.${entry.serviceId}`)}
        {entry.walkIn && <> · {t('counter:walk_in_badge')}</>}
      </p>
      <p class="agenda-entry__status">
        {t(`counter:status.${entry.status}`)}
        {entry.status === 'booked' && entry.checkedIn && <> · {t('counter:checked_in')}</>}
      </p>
      {actions.length > 0 && (
        <div class="agenda-entry__actions">
          {actions.map((action) => (
            <form key={action} method="post" action={`/agent/counter/appointments/${entry.id}`}>
              <input type="hidden" name={csrfFormField} value={csrfToken} />
              <input type="hidden" name="action" value={action} />
              <button type="submit" class={action === 'no_show' ? 'button button--warning' : 'button button--secondary'}>
                {t(`counter:actions.${action}`)}
                <span class="visually-hidden"> {t('counter:actions.for', { name: entry.name, time: entry.time })}</span>
              </button>
            </form>
          ))}
          {!entry.checkedIn && (
            <details class="details">
              <summary>
                {t('counter:cancel.summary')}
                <span class="visually-hidden"> {t('counter:actions.for', { name: entry.name, time: entry.time })}</span>
              </summary>
              <p>{t('counter:cancel.explained')}</p>
              <form method="post" action={`/agent/counter/appointments/${entry.id}`}>
                <input type="hidden" name={csrfFormField} value={csrfToken} />
                <input type="hidden" name="action" value="cancel_by_service" />
                <button type="submit" class="button button--warning">
                  {t('counter:cancel.confirm')}
                  <span class="visually-hidden"> {t('counter:actions.for', { name: entry.name, time: entry.time })}</span>
                </button>
              </form>
            </details>
          )}
        </div>
      )}
    </li>
  );
}

function WalkInForm({ services }: { services: string[] }) {
  const { t } = useTranslation();
  const page = usePageContext();
  const form = useForm(walkInSchema, page.state.form ?? {});
  return (
    <section aria-labelledby="walk-in-title">
      <h2 id="walk-in-title">{t('counter:walk_in.title')}</h2>
      <p>{t('counter:walk_in.lead')}</p>
      {/* Posted by the browser even with JavaScript: the server answers with the updated agenda. */}
      <form id={walkInFormId} method="post" action="/agent/counter" noValidate>
        <RequiredStatement />
        <input type="hidden" name={csrfFormField} value={page.csrfToken} />
        <ErrorSummary formId={walkInFormId} errors={form.errors} attempt={form.attempt} />
        <RadioGroup
          form={form}
          formId={walkInFormId}
          name="service"
          legend={t('counter:walk_in.service_legend')}
          options={services.map((service) => ({ value: service, label: t(`counter:services.${service}`) }))}
        />
        <TextField form={form} formId={walkInFormId} name="name" autocomplete="off" label={t('counter:walk_in.name_label')} />
        <TextField
          form={form}
          formId={walkInFormId}
          name="phone"
          type="tel"
          inputMode="tel"
          autocomplete="off"
          optional
          label={t('counter:walk_in.phone_label')}
        />
        <button type="submit" class="button">
          {t('counter:walk_in.submit')}
        </button>
      </form>
    </section>
  );
}
