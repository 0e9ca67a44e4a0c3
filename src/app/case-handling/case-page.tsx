import { availableActions } from '../../shared/dossier-state.ts';
import { dossierActionSchema, type DossierView } from '../../shared/dossier.ts';
import { findProcedure } from '../../shared/procedures/catalogue.ts';
import { LoadProblem } from '../dossiers/load-problem.tsx';
import { Timeline } from '../dossiers/timeline.tsx';
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
import { AnswerSummary } from '../procedures/answer-summary.tsx';
import { actOnCase, caseDocumentUrl, fetchCase, fetchCaseDocuments } from './case-handling.client.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';

/** One dossier for its case handler: the answers, the timeline, and the next decision with a message. */
export default function CasePage({ reference = '' }: { reference?: string }) {
  const { t } = useTranslation();
  const [dossier, setDossier] = useApiData(() => fetchCase(reference), [reference]);
  const definition = dossier.state === 'ready' ? findProcedure(dossier.body.procedure) : undefined;
  return (
    <Page title={t('case-handling:case.title', { reference })}>
      {dossier.state === 'loading' && <p role="status">{t('dossiers:loading')}</p>}
      {dossier.state === 'failed' && <LoadProblem status={dossier.status} />}
      {dossier.state === 'ready' && (
        <>
          <p class="lead">
            {definition && t(`procedures:${definition.id}.title`)} —{' '}
            <strong class={`status status--${dossier.body.status}`}>{t(`dossiers:status.${dossier.body.status}`)}</strong>
          </p>
          <DecisionForm key={dossier.body.status} dossier={dossier.body} onDone={setDossier} />
          {definition && <AnswerSummary definition={definition} values={dossier.body.answers} />}
          <CaseDocuments reference={reference} procedure={dossier.body.procedure} />
          <h2>{t('dossiers:dossier.timeline_title')}</h2>
          <Timeline events={dossier.body.events} />
          {dossier.body.citizenId && (
            <p>
              <a href={`/agent/citizens/${dossier.body.citizenId}`}>{t('case-handling:case.citizen_timeline')}</a>
            </p>
          )}
          <p>
            <a href="/agent/dossiers">{t('case-handling:case.back')}</a>
          </p>
        </>
      )}
    </Page>
  );
}

function DecisionForm({ dossier, onDone }: { dossier: DossierView; onDone: (dossier: DossierView) => void }) {
  const { t } = useTranslation();
  const page = usePageContext();
  const form = useForm(dossierActionSchema);
  const submission = useSubmission(page.idempotencyKey);
  const actions = availableActions(dossier.status, 'agent');
  if (actions.length === 0) return null;
  const onSubmit = form.submit(async (request) => {
    const result = await submission.send((key) => actOnCase(dossier.reference, request, key));
    if (result.ok) onDone(result.body);
    else if (result.status === 422 && result.error.fields) form.setErrors(result.error.fields);
  });
  return (
    <section aria-labelledby="decision-title">
      <h2 id="decision-title">{t('case-handling:case.decision_title')}</h2>
      <Form id="decision" action={`/agent/dossiers/${dossier.reference}`} onSubmit={onSubmit} busy={submission.busy}>
        <ErrorSummary formId="decision" errors={form.errors} attempt={form.attempt} />
        <ProblemNotice problem={submission.problem} />
        <RadioGroup
          form={form}
          formId="decision"
          name="action"
          legend={t('case-handling:case.action')}
          options={actions.map((action) => ({ value: action, label: t(`case-handling:actions.${action}`) }))}
        />
        <TextArea
          form={form}
          formId="decision"
          name="message"
          label={t('case-handling:case.message')}
          hint={t('case-handling:case.message_hint')}
        />
        <button type="submit" class="button" disabled={submission.busy}>
          {t('case-handling:case.submit')}
        </button>
      </Form>
    </section>
  );
}

/** The proofs the citizen gave, each a download written to the audit log (the citizen sees who opened it). */
function CaseDocuments({ reference, procedure }: { reference: string; procedure: string }) {
  const { t } = useTranslation();
  const [documents] = useApiData(() => fetchCaseDocuments(reference), [reference]);
  if (documents.state !== 'ready' || documents.body.length === 0) return null;
  return (
    <section aria-labelledby="case-documents">
      <h2 id="case-documents">{t('case-handling:documents.title')}</h2>
      <p>{t('case-handling:documents.audited')}</p>
      <ul>
        {documents.body.map((document) => (
          <li key={document.id}>
            {t(`procedures:${procedure}.questions.${document.question}.label`)} —{' '}
            {document.status === 'quarantined' ? (
              <span>{t('case-handling:documents.quarantined', { name: document.name })}</span>
            ) : (
              <a href={caseDocumentUrl(reference, document.id)} download>
                {t('case-handling:documents.download', { name: document.name })}
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
