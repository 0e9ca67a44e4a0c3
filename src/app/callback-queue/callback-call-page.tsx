import { formatDateTime } from '../../shared/format.ts';
import { useState } from 'preact/hooks';
import type { CallbackStatus } from '../../shared/callback-request.ts';
import { callbackOutcomes, rescheduleDelays, type CallbackCallView } from '../../shared/callback-state.ts';
import { LoadProblem } from '../dossiers/load-problem.tsx';
import { useApiData } from '../http/use-api-data.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { RadioGroup } from '../forms/radio-group.tsx';
import { TextArea } from '../forms/text-area.tsx';
import { useForm } from '../forms/use-form.ts';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { Page } from '../page/page.tsx';
import { fetchCall, recordOutcome } from './callback-queue.client.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';

/** The call sheet of a claimed request: who to call and about what, a `tel:` link, and the outcome. */
export default function CallbackCallPage({ reference = '' }: { reference?: string }) {
  const { t, language } = useTranslation();
  const [call] = useApiData(() => fetchCall(reference), [reference]);
  const [finished, setFinished] = useState<CallbackStatus | undefined>();
  const when = (at: string) => formatDateTime(language, at);
  return (
    <Page title={t('callback-queue:call.title', { reference })}>
      {call.state === 'loading' && <p role="status">{t('callback-queue:loading')}</p>}
      {call.state === 'failed' && <LoadProblem status={call.status} />}
      {call.state === 'ready' && (
        <>
          <p class="lead">
            <a class="button" href={`tel:${call.body.phone}`} dir="ltr">
              {t('callback-queue:call.dial', { phone: call.body.phone })}
            </a>
          </p>
          <dl class="facts">
            {call.body.name && <Fact term={t('callback-queue:call.name')} value={call.body.name} />}
            <Fact term={t('callback-queue:queue.topic')} value={t(`callback:topic.options.${call.body.topic}`)} />
            {call.body.topicDetail && <Fact term={t('callback-queue:call.detail')} value={call.body.topicDetail} />}
            <Fact term={t('callback-queue:queue.window')} value={t(`callback-queue:windows.${call.body.window}`)} />
            <Fact
              term={t('callback-queue:queue.language')}
              value={new Intl.DisplayNames([language], { type: 'language' }).of(call.body.callLanguage) ?? call.body.callLanguage}
            />
            {call.body.dossier && <Fact term={t('callback-queue:call.dossier')} value={call.body.dossier} />}
            <Fact term={t('callback-queue:call.asked')} value={when(call.body.createdAt)} />
            <Fact
              term={t('callback-queue:call.attempts')}
              value={t('callback-queue:call.attempts_value', { count: call.body.attempts, max: call.body.maxAttempts })}
            />
          </dl>
          {finished ? (
            <div class="panel" role="status">
              <p>{t('callback-queue:call.recorded', { status: t(`callback:mine.statuses.${finished}`) })}</p>
              <p>
                <a href="/agent/callbacks">{t('callback-queue:call.back')}</a>
              </p>
            </div>
          ) : (
            call.body.status === 'in_progress' && <OutcomeForm call={call.body} onDone={setFinished} />
          )}
          <h2>{t('callback-queue:call.history')}</h2>
          <ol class="timeline">
            {call.body.events.map((event, index) => (
              <li key={index} class="timeline__event">
                <p class="timeline__when">
                  <time dateTime={event.at}>{when(event.at)}</time>
                </p>
                <p class="timeline__what">{t(`callback:mine.statuses.${event.status}`)}</p>
                {event.note && <blockquote class="timeline__message">{event.note}</blockquote>}
              </li>
            ))}
          </ol>
          {!finished && (
            <p>
              <a href="/agent/callbacks">{t('callback-queue:call.back')}</a>
            </p>
          )}
        </>
      )}
    </Page>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div class="facts__row">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function OutcomeForm({ call, onDone }: { call: CallbackCallView; onDone: (status: CallbackStatus) => void }) {
  const { t } = useTranslation();
  const page = usePageContext();
  const form = useForm(() => import('../../shared/callback-state.ts').then((module) => module.callbackOutcomeSchema));
  const submission = useSubmission(page.idempotencyKey);
  const onSubmit = form.submit(async (outcome) => {
    const result = await submission.send((key) => recordOutcome(call.reference, outcome, key));
    if (result.ok) onDone(result.body.status);
    else if (result.status === 422 && result.error.fields) form.setErrors(result.error.fields);
  });
  return (
    <section aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t('callback-queue:outcome.title')}</h2>
      <Form id="outcome" action={`/agent/callbacks/${call.reference}`} onSubmit={onSubmit} busy={submission.busy}>
        <ErrorSummary formId="outcome" errors={form.errors} attempt={form.attempt} />
        <ProblemNotice problem={submission.problem} />
        <RadioGroup
          form={form}
          formId="outcome"
          name="outcome"
          legend={t('callback-queue:outcome.legend')}
          options={callbackOutcomes.map((outcome) => ({ value: outcome, label: t(`callback-queue:outcome.options.${outcome}`) }))}
        />
        <RadioGroup
          form={form}
          formId="outcome"
          name="delay"
          legend={t('callback-queue:outcome.delay_legend')}
          hint={t('callback-queue:outcome.delay_hint')}
          options={rescheduleDelays.map((delay) => ({ value: delay, label: t('callback-queue:outcome.delay', { count: Number(delay) }) }))}
        />
        <TextArea
          form={form}
          formId="outcome"
          name="note"
          optional
          label={t('callback-queue:outcome.note')}
          hint={t('callback-queue:outcome.note_hint')}
        />
        <button type="submit" class="button" disabled={submission.busy}>
          {t('callback-queue:outcome.submit')}
        </button>
      </Form>
    </section>
  );
}
