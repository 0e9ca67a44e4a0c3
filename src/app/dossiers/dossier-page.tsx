import { useState } from 'preact/hooks';
import { informationSchema, type DossierView } from '../../shared/dossier.ts';
import { findProcedure } from '../../shared/procedures/catalogue.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { TextArea } from '../forms/text-area.tsx';
import { useForm } from '../forms/use-form.ts';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { LastUpdated } from '../offline/last-updated.tsx';
import { Page } from '../page/page.tsx';
import { AnswerSummary } from '../procedures/answer-summary.tsx';
import { fetchDossier, sendInformation } from './dossier.client.ts';
import { LoadProblem } from './load-problem.tsx';
import { Timeline } from './timeline.tsx';
import { useApiData } from '../http/use-api-data.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';

/** One dossier: its status in words, what is expected next, the timeline, and a human to call. */
export default function DossierPage({ reference = '' }: { reference?: string }) {
  const { t } = useTranslation();
  const page = usePageContext();
  const [dossier, setDossier] = useApiData(() => fetchDossier(reference), [reference], page.state.dossier);
  const [sent, setSent] = useState(false);
  const notice = sent ? 'dossiers:notices.information_sent' : page.state.notice;
  const definition = dossier.state === 'ready' ? findProcedure(dossier.body.procedure) : undefined;
  return (
    <Page
      // Its own title, not its procedure's start page's: the reference says which of them.
      title={
        definition
          ? t('dossiers:dossier.page_title', { reference, procedure: t(`procedures:${definition.id}.title`) })
          : t('dossiers:dossier.title')
      }
      heading={definition ? t(`procedures:${definition.id}.title`) : t('dossiers:dossier.title')}
      caption={reference}
    >
      <div class="loaded-region">
        {dossier.state === 'loading' && <p role="status">{t('dossiers:loading')}</p>}
        {dossier.state === 'failed' && <LoadProblem status={dossier.status} />}
        {dossier.state === 'ready' && (
          <>
            {notice && (
              <p class="notice" role="status">
                {t(notice)}
              </p>
            )}
            <LastUpdated updatedAt={dossier.updatedAt} fromDevice={dossier.fromDevice} />
            <p class="lead">
              {t('dossiers:dossier.status_is')}{' '}
              <strong class={`status status--${dossier.body.status}`}>{t(`dossiers:status.${dossier.body.status}`)}</strong>
            </p>
            {dossier.body.submittedOnBehalf && (
              <p class="notice">
                {t('dossiers:dossier.on_behalf', {
                  agent: dossier.body.submittedOnBehalf.agentName,
                  channel: dossier.body.submittedOnBehalf.channel,
                })}
              </p>
            )}
            <h2>{t('dossiers:dossier.next_title')}</h2>
            <p>{t(`dossiers:next.${dossier.body.status}`)}</p>
            {dossier.body.status === 'needs_information' && (
              <ProvideInformation
                dossier={dossier.body}
                onSent={(body) => {
                  setDossier(body);
                  setSent(true);
                }}
              />
            )}
            <p>
              <a href={`/callback?dossier=${encodeURIComponent(dossier.body.reference)}`}>{t('dossiers:dossier.call_me_back')}</a>
            </p>
            <h2>{t('dossiers:dossier.timeline_title')}</h2>
            <Timeline events={dossier.body.events} />
            {definition && (
              <details class="details">
                <summary>{t('dossiers:dossier.answers_title')}</summary>
                <AnswerSummary definition={definition} values={dossier.body.answers} />
              </details>
            )}
          </>
        )}
      </div>
    </Page>
  );
}

/** The agent asked for something: their message, and a box to answer it. */
function ProvideInformation({ dossier, onSent }: { dossier: DossierView; onSent: (dossier: DossierView) => void }) {
  const { t } = useTranslation();
  const page = usePageContext();
  // A form the server sent back (no JavaScript) comes with what was typed and why it was refused.
  const form = useForm(informationSchema, page.state.form ?? {});
  const submission = useSubmission(page.idempotencyKey);
  const request = [...dossier.events].reverse().find((event) => event.action === 'request_information');
  const onSubmit = form.submit(async ({ message }) => {
    const result = await submission.send((key) => sendInformation(dossier.reference, message, key));
    if (result.ok) onSent(result.body);
  });
  return (
    <div class="notice">
      <h2>{t('dossiers:information.title')}</h2>
      {request?.message && <blockquote class="timeline__message">{request.message}</blockquote>}
      <Form
        id="information"
        action={`/requests/${encodeURIComponent(dossier.reference)}/information`}
        onSubmit={onSubmit}
        busy={submission.busy}
      >
        <ErrorSummary formId="information" errors={form.errors} attempt={form.attempt} />
        <ProblemNotice problem={submission.problem} />
        <TextArea form={form} formId="information" name="message" label={t('dossiers:information.label')} />
        <button type="submit" class="button" disabled={submission.busy}>
          {t('dossiers:information.submit')}
        </button>
      </Form>
    </div>
  );
}
