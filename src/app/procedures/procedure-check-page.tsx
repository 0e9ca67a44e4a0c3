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

/** Check your answers: every answer with a "Change" link, then one button that sends them. */
export default function ProcedureCheckPage({ procedure = '' }: { procedure?: string }) {
  const { t } = useTranslation();
  const definition = findProcedure(procedure);
  const { draft } = useProcedureDraft(procedure);
  if (!definition) return <NotFoundPage />;
  return (
    <Page title={t('procedures:check.title')} caption={t(`procedures:${definition.id}.title`)}>
      <OnBehalfNotice />
      {draft ? <CheckAnswers procedure={definition.id} draft={draft} /> : <p role="status">{t('procedures:step.loading')}</p>}
    </Page>
  );
}

function CheckAnswers({ procedure, draft }: { procedure: string; draft: LocalDraft }) {
  const { t } = useTranslation();
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
  const answers = askedValues(definition, draft.values);
  const checked = validate(answersSchema(definition), answers);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!checked.ok) return;
    let savedOnDevice = false;
    // The draft's key, never a new one: a retry or the outbox's replay finds the same dossier.
    const result = await submission.send(async (key) => {
      const sent = await channel.submit({ procedure: definition.id, answers }, key);
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
  );
}
