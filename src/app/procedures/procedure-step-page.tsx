import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { DocumentView } from '../../shared/documents.ts';
import { answersSchema, askedQuestions, askedSteps, type FormValues } from '../../shared/procedures/answers.ts';
import { findProcedure } from '../../shared/procedures/catalogue.ts';
import type { ProcedureDefinition, Step } from '../../shared/procedures/definition.ts';
import NotFoundPage from '../errors/not-found-page.tsx';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { useForm } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { Page } from '../page/page.tsx';
import { useViewer } from '../shell/viewer-context.ts';
import type { LocalDraft } from './drafts.ts';
import { OnBehalfNotice } from './on-behalf-notice.tsx';
import { useProcedureChannel } from './procedure-channel.ts';
import { QuestionField } from './question-field.tsx';
import { SignInRequired } from './sign-in-required.tsx';
import { useProcedureDraft } from './use-procedure-draft.ts';

const formId = 'procedure';

/** One step of a procedure: its questions, "Step 2 of 5", Back that keeps every answer. */
export default function ProcedureStepPage({ procedure = '', step = '' }: { procedure?: string; step?: string }) {
  const { t } = useTranslation();
  const { path } = useLocation();
  const viewer = useViewer();
  const definition = findProcedure(procedure);
  const { draft, revision, save } = useProcedureDraft(procedure);
  const current = definition?.steps.find((candidate) => candidate.id === step);
  if (!definition || !current) return <NotFoundPage />;
  const title = t(`procedures:${definition.id}.title`);
  // Someone signed out fills the steps on this device, up to one that needs their locker.
  if (!viewer && current.questions.some((question) => question.type === 'document')) {
    return (
      <Page title={`${t(`procedures:${definition.id}.steps.${step}`)} — ${title}`} heading={t(`procedures:${definition.id}.steps.${step}`)}>
        <SignInRequired definition={definition} returnTo={path} reason="continue" />
      </Page>
    );
  }
  if (!draft) {
    return (
      <Page title={t(`procedures:${definition.id}.steps.${step}`)} caption={title}>
        <p role="status">{t('procedures:step.loading')}</p>
      </Page>
    );
  }
  return <StepForm key={`${step}-${revision}`} definition={definition} step={current} draft={draft} save={save} />;
}

interface StepFormProps {
  definition: ProcedureDefinition;
  step: Step;
  draft: LocalDraft;
  save: (values: FormValues) => void;
}

function StepForm({ definition, step, draft, save }: StepFormProps) {
  const { t } = useTranslation();
  const { route, query } = useLocation();
  const page = usePageContext();
  const viewer = useViewer();
  const channel = useProcedureChannel();
  // Sent back by the server with errors: the page it rendered, once.
  const [sentBack] = useState(() => (page.state.procedure?.procedure === definition.id ? page.state.form?.errors : undefined));
  const [documents] = useState<DocumentView[] | undefined>(() =>
    page.state.procedure?.procedure === definition.id ? page.state.procedure.documents : undefined,
  );
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => {
    setEnhanced(true);
  }, []);
  const schema = useMemo(() => answersSchema(definition, step.id), [definition, step.id]);
  const form = useForm(schema, { values: draft.values, ...(sentBack ? { errors: sentBack } : {}) }, { onValuesChange: save });
  const steps = askedSteps(definition, form.values);
  const index = steps.findIndex((candidate) => candidate.id === step.id);
  const base = channel.base(definition.id);
  const returnToCheck = query.return === 'check';
  const previous = returnToCheck ? `${base}/check` : index > 0 ? `${base}/steps/${steps[index - 1]?.id ?? ''}` : base;
  const asked = askedQuestions(step, form.values);
  // Without the app, a question that depends on another of the same step is shown with it: the
  // server keeps only the one the answer calls for.
  const shown = step.questions.filter(
    (question) =>
      asked.includes(question) || (!enhanced && question.when && step.questions.some((other) => other.id === question.when?.question)),
  );

  const onSubmit = form.submit(() => {
    if (viewer) void channel.saveServerDraft(definition.id, form.values);
    const next = steps[index + 1];
    route(returnToCheck || !next ? `${base}/check` : `${base}/steps/${next.id}`);
  });

  const stepName = t(`procedures:${definition.id}.steps.${step.id}`);
  const counter = t('procedures:step.counter', { current: index + 1, total: steps.length });
  const title = t('procedures:step.title', { counter, step: stepName, procedure: t(`procedures:${definition.id}.title`) });
  // "Erreur :" comes first while errors show: the page (sent back) and the error summary (in the app) add it.
  return (
    <Page
      title={title}
      heading={stepName}
      caption={`${t(`procedures:${definition.id}.title`)} — ${counter}`}
    >
      <OnBehalfNotice />
      <p>
        <a class="back-link" href={previous}>
          {t('procedures:step.back')}
        </a>
      </p>
      <Form id={formId} action={`${base}/steps/${step.id}${returnToCheck ? '?return=check' : ''}`} onSubmit={onSubmit}>
        <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
        {shown.map((question) => (
          <QuestionField
            key={question.id}
            definition={definition}
            question={question}
            form={form}
            formId={formId}
            origin={draft.origins[question.id]}
            {...(documents ? { documents } : {})}
          />
        ))}
        <button type="submit" class="button">
          {t('procedures:step.continue')}
        </button>
      </Form>
      <p class="field__hint">
        {t(
          !enhanced ? 'procedures:step.saved_on_continue' : viewer ? 'procedures:step.saved_on_device' : 'procedures:step.saved_signed_out',
        )}
      </p>
    </Page>
  );
}
