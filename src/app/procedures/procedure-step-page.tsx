import { useMemo } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { answersSchema, askedQuestions, askedSteps, type FormValues } from '../../shared/procedures/answers.ts';
import { findProcedure } from '../../shared/procedures/catalogue.ts';
import type { ProcedureDefinition } from '../../shared/procedures/definition.ts';
import NotFoundPage from '../errors/not-found-page.tsx';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { useForm } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import type { LocalDraft } from './drafts.ts';
import { OnBehalfNotice } from './on-behalf-notice.tsx';
import { useProcedureChannel } from './procedure-channel.ts';
import { QuestionField } from './question-field.tsx';
import { useProcedureDraft } from './use-procedure-draft.ts';

const formId = 'procedure';

/** One step of a procedure: its questions, "Step 2 of 5", Back that keeps every answer. */
export default function ProcedureStepPage({ procedure = '', step = '' }: { procedure?: string; step?: string }) {
  const { t } = useTranslation();
  const definition = findProcedure(procedure);
  const { draft, save } = useProcedureDraft(procedure);
  if (!definition || !definition.steps.some((candidate) => candidate.id === step)) return <NotFoundPage />;
  if (!draft) {
    return (
      <Page title={t(`procedures:${definition.id}.steps.${step}`)} caption={t(`procedures:${definition.id}.title`)}>
        <p role="status">{t('procedures:step.loading')}</p>
      </Page>
    );
  }
  return <StepForm key={step} definition={definition} stepId={step} draft={draft} save={save} />;
}

interface StepFormProps {
  definition: ProcedureDefinition;
  stepId: string;
  draft: LocalDraft;
  save: (values: FormValues) => void;
}

function StepForm({ definition, stepId, draft, save }: StepFormProps) {
  const { t } = useTranslation();
  const { route, query } = useLocation();
  const channel = useProcedureChannel();
  const schema = useMemo(() => answersSchema(definition, stepId), [definition, stepId]);
  const form = useForm(schema, { values: draft.values }, { onValuesChange: save });
  const steps = askedSteps(definition, form.values);
  const index = steps.findIndex((candidate) => candidate.id === stepId);
  const step = steps[index] ?? definition.steps.find((candidate) => candidate.id === stepId);
  const base = channel.base(definition.id);
  const returnToCheck = query.return === 'check';
  const previous = returnToCheck ? `${base}/check` : index > 0 ? `${base}/steps/${steps[index - 1]?.id ?? ''}` : base;

  const onSubmit = form.submit(() => {
    void channel.saveServerDraft(definition.id, form.values);
    const next = steps[index + 1];
    route(returnToCheck || !next ? `${base}/check` : `${base}/steps/${next.id}`);
  });

  if (!step) return <NotFoundPage />;
  return (
    <Page
      title={t(`procedures:${definition.id}.steps.${stepId}`)}
      caption={`${t(`procedures:${definition.id}.title`)} — ${t('procedures:step.counter', { current: index + 1, total: steps.length })}`}
    >
      <OnBehalfNotice />
      <p>
        <a class="back-link" href={previous}>
          {t('procedures:step.back')}
        </a>
      </p>
      <Form id={formId} action={`${base}/steps/${stepId}`} onSubmit={onSubmit}>
        <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
        {askedQuestions(step, form.values).map((question) => (
          <QuestionField
            key={question.id}
            definition={definition}
            question={question}
            form={form}
            formId={formId}
            origin={draft.origins[question.id]}
          />
        ))}
        <button type="submit" class="button">
          {t('procedures:step.continue')}
        </button>
      </Form>
      <p class="field__hint">{t('procedures:step.saved_on_device')}</p>
    </Page>
  );
}
