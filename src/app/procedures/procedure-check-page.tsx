import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { DossierCreated } from '../../shared/dossier.ts';
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
import { OnBehalfNotice } from './on-behalf-notice.tsx';
import { useProcedureChannel } from './procedure-channel.ts';
import { useProcedureDraft } from './use-procedure-draft.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';
import type { FieldErrors } from '../../shared/validation.ts';
import { usePageContext } from '../page/page-context.ts';
import { useViewer } from '../shell/viewer-context.ts';
import { SignInRequired } from './sign-in-required.tsx';

/** Check your answers: every answer with a "Change" link, then one button that sends them. */
export default function ProcedureCheckPage({ procedure = '' }: { procedure?: string }) {
  const { t } = useTranslation();
  const page = usePageContext();
  const definition = findProcedure(procedure);
  const { draft, revision } = useProcedureDraft(procedure);
  // Sent back by the server: what it refused in the answers (a document no longer in the locker, say).
  const [sentBack] = useState(() => (page.state.procedure?.procedure === procedure ? page.state.form?.errors : undefined));
  if (!definition) return <NotFoundPage />;
  const title = t('procedures:check.page_title', { procedure: t(`procedures:${definition.id}.title`) });
  return (
    <Page
      title={title}
      heading={t('procedures:check.title')}
      caption={t(`procedures:${definition.id}.title`)}
    >
      <OnBehalfNotice />
      {draft ? (
        <CheckAnswers key={revision} procedure={definition.id} draft={draft} sentBack={sentBack ?? {}} />
      ) : (
        <p role="status">{t('procedures:step.loading')}</p>
      )}
    </Page>
  );
}

function CheckAnswers({ procedure, draft, sentBack }: { procedure: string; draft: LocalDraft; sentBack: FieldErrors }) {
  const { t } = useTranslation();
  const viewer = useViewer();
  const { route } = useLocation();
  const channel = useProcedureChannel();
  const definition = findProcedure(procedure);
  const submission = useSubmission(draft.submissionKey);
  const [saved, setSaved] = useState(false);
  const [refusedStatus, setRefusedStatus] = useState(0);
  const savedRef = useRef<HTMLDivElement>(null);
  const base = channel.base(procedure);

  const confirm = async (created: DossierCreated) => {
    await drafts.delete(channel.draftKey(procedure));
    route(channel.confirmation(procedure, created.reference));
  };

  // Waiting in the outbox: when it is sent (by this page or the service worker), show the reference.
  useEffect(() => {
    if (!saved) return;
    savedRef.current?.focus();
    let stop: (() => void) | undefined;
    void import('../offline/outbox.ts').then(({ onOutboxMessage }) => {
      stop = onOutboxMessage((message) => {
        const sent = message.type === 'sent' ? message.records.find((record) => record.key === draft.submissionKey) : undefined;
        if (sent) void confirm(sent.response as DossierCreated);
      });
    });
    return () => stop?.();
  }, [saved]);

  if (!definition) return null;
  /** "Change": the step that asks the question, which comes back here. */
  const changeHref = (stepId: string, question: string) => `${base}/steps/${stepId}?return=check#procedure-${question}`;
  /** The "Change" link of a field the server refused. */
  const fieldChangeHref = (field: string) => {
    const question = field.split('.')[0] ?? '';
    const step = definition.steps.find((candidate) => candidate.questions.some((asked) => asked.id === question));
    return changeHref(step?.id ?? '', question);
  };
  const answers = askedValues(definition, draft.values);
  const checked = validate(answersSchema(definition), answers);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!checked.ok) return;
    let savedOnDevice = false;
    // The draft's key, never a new one: a retry or the outbox's replay finds the same dossier. Read
    // from the draft at the moment of sending: the page may have drawn the server's answers first,
    // then taken this device's draft (and its key) without starting the form again.
    const result = await submission.send(async () => {
      const sent = await channel.submit({ procedure: definition.id, answers }, draft.submissionKey);
      savedOnDevice = sent.saved === true;
      return sent;
    });
    if (result.ok) await confirm(result.body);
    else {
      setSaved(savedOnDevice);
      setRefusedStatus(result.status);
    }
  };

  return (
    <>
      {Object.keys(sentBack).length > 0 ? (
        <div class="error-summary" role="alert" tabIndex={-1} aria-labelledby="procedure-check-error-summary-title">
          <h2 id="procedure-check-error-summary-title">{t('common:form.error_summary_title')}</h2>
          <ul>
            {Object.entries(sentBack).map(([field, message]) => (
              <li key={field}>
                <a href={fieldChangeHref(field)}>{t(message)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        !checked.ok && (
          <div class="notice notice--warning" role="alert">
            <p>{t('procedures:check.incomplete')}</p>
          </div>
        )
      )}
      <AnswerSummary definition={definition} values={draft.values} changeHref={(stepId, question) => changeHref(stepId, question.id)} />
      <h2>{t('procedures:check.send_title')}</h2>
      {!viewer ? (
        <SignInRequired definition={definition} returnTo={`${base}/check`} reason="continue" />
      ) : (
        <>
          <p>{t('procedures:check.declaration')}</p>
          <Form id="procedure-check" action={`${base}/check`} onSubmit={(event) => void onSubmit(event)} busy={submission.busy}>
            {saved ? (
              <div class="panel" role="status" tabIndex={-1} ref={savedRef}>
                <p>
                  <strong>{navigator.onLine ? t('common:outbox.saved_title_unavailable') : t('common:outbox.saved_title_offline')}</strong>
                </p>
                <p>{t('common:outbox.saved_text')}</p>
                <p>
                  <a href="/outbox">{t('common:outbox.see_all')}</a>
                </p>
              </div>
            ) : (
              <ProblemNotice
                problem={
                  submission.problem && refusedStatus === 403 && channel.onBehalfOf
                    ? 'procedures:on_behalf.mandate_required'
                    : submission.problem
                }
              />
            )}
            <button type="submit" class="button" disabled={submission.busy || !checked.ok}>
              {submission.busy ? t('common:form.sending') : t('procedures:check.submit')}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
