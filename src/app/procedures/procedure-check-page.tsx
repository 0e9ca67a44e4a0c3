import { useLocation } from 'preact-iso';
import { answersSchema, askedValues } from '../../shared/procedures/answers.ts';
import { findProcedure } from '../../shared/procedures/catalogue.ts';
import { validate } from '../../shared/validation.ts';
import NotFoundPage from '../errors/not-found-page.tsx';
import { Form } from '../forms/form.tsx';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { AnswerSummary } from './answer-summary.tsx';
import { drafts, type LocalDraft } from './drafts.ts';
import { submitDossier } from './procedure.client.ts';
import { useProcedureDraft } from './use-procedure-draft.ts';

/** Check your answers: every answer with a "Change" link, then one button that sends them. */
export default function ProcedureCheckPage({ procedure = '' }: { procedure?: string }) {
  const { t } = useTranslation();
  const definition = findProcedure(procedure);
  const { draft } = useProcedureDraft(procedure);
  if (!definition) return <NotFoundPage />;
  return (
    <Page title={t('procedures:check.title')} caption={t(`procedures:${definition.id}.title`)}>
      {draft ? <CheckAnswers procedure={definition.id} draft={draft} /> : <p role="status">{t('procedures:step.loading')}</p>}
    </Page>
  );
}

function CheckAnswers({ procedure, draft }: { procedure: string; draft: LocalDraft }) {
  const { t } = useTranslation();
  const { route } = useLocation();
  const definition = findProcedure(procedure);
  const submission = useSubmission(draft.submissionKey);
  if (!definition) return null;
  const answers = askedValues(definition, draft.values);
  const checked = validate(answersSchema(definition), answers);
  const base = `/procedures/${definition.id}`;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!checked.ok) return;
    const result = await submission.send((key) => submitDossier({ procedure: definition.id, answers }, key));
    if (result.ok) {
      await drafts.delete(definition.id);
      route(`${base}/confirmation/${encodeURIComponent(result.body.reference)}`);
    }
  };

  return (
    <>
      {!checked.ok && (
        <div class="notice notice--warning" role="alert">
          <p>{t('procedures:check.incomplete')}</p>
        </div>
      )}
      <AnswerSummary
        definition={definition}
        values={draft.values}
        changeHref={(stepId, question) => `${base}/steps/${stepId}?return=check#procedure-${question.id}`}
      />
      <h2>{t('procedures:check.send_title')}</h2>
      <p>{t('procedures:check.declaration')}</p>
      <Form id="procedure-check" action={`${base}/check`} onSubmit={(event) => void onSubmit(event)} busy={submission.busy}>
        {submission.problem && (
          <p class="notice notice--warning" role="alert">
            {t(submission.problem)}
          </p>
        )}
        <button type="submit" class="button" disabled={submission.busy || !checked.ok}>
          {submission.busy ? t('common:form.sending') : t('procedures:check.submit')}
        </button>
      </Form>
    </>
  );
}
