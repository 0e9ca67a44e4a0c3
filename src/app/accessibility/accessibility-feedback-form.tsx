import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { TextArea } from '../forms/text-area.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useForm } from '../forms/use-form.ts';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';

const formId = 'accessibility-feedback';

/**
 * "Tell us about a problem": a plain form post without JavaScript (the server answers on this same
 * page), through the outbox with it, so feedback written on a train is sent when the network is back.
 */
export function AccessibilityFeedbackForm() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const page = usePageContext();
  // The schema (and its validation library) loads when the citizen sends, not with the page.
  const form = useForm(
    () => import('../../shared/accessibility-feedback.ts').then((module) => module.accessibilityFeedbackSchema),
    page.state.form ?? {},
  );
  const submission = useSubmission(page.idempotencyKey);
  const [outcome, setOutcome] = useState<'sent' | 'saved' | undefined>(
    page.state.notice === 'accessibility:feedback.sent' ? 'sent' : undefined,
  );
  const outcomeRef = useRef<HTMLDivElement>(null);
  // Opened from "needs your attention" on the outbox page: the message kept on the device.
  const fixing = query['outbox'];

  useEffect(() => {
    if (fixing) void import('../offline/restore-from-outbox.ts').then((outbox) => outbox.restoreFromOutbox(fixing, form));
  }, [fixing]);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const onSubmit = form.submit(async (feedback) => {
    setOutcome(undefined);
    let savedOnDevice = false;
    const result = await submission.send(async (key) => {
      // Sending code loads when the citizen sends: reading the statement does not need it.
      const { sendAccessibilityFeedback } = await import('./accessibility-feedback.client.ts');
      const sent = await sendAccessibilityFeedback(feedback, form.values, key, fixing);
      savedOnDevice = sent.saved === true;
      return sent;
    });
    if (result.ok) {
      form.reset();
      setOutcome(savedOnDevice ? 'saved' : 'sent');
    } else if (result.status === 422 && result.error.fields) form.setErrors(result.error.fields);
  });

  return (
    <Form id={formId} action="/accessibility/feedback" onSubmit={onSubmit} busy={submission.busy}>
      {outcome && (
        <div class="panel" role="status" tabIndex={-1} ref={outcomeRef}>
          <p>{outcome === 'sent' ? t('accessibility:feedback.sent') : t('common:outbox.saved_text')}</p>
        </div>
      )}
      <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
      <ProblemNotice problem={submission.problem} />
      <TextArea
        form={form}
        formId={formId}
        name="message"
        label={t('accessibility:feedback.message.label')}
        hint={t('accessibility:feedback.message.hint')}
      />
      <TextField
        form={form}
        formId={formId}
        name="page"
        optional
        label={t('accessibility:feedback.page.label')}
        hint={t('accessibility:feedback.page.hint')}
      />
      <TextField
        form={form}
        formId={formId}
        name="contact"
        optional
        autocomplete="email"
        label={t('accessibility:feedback.contact.label')}
        hint={t('accessibility:feedback.contact.hint')}
      />
      <button type="submit" class="button" disabled={submission.busy}>
        {submission.busy ? t('common:form.sending') : t('accessibility:feedback.submit')}
      </button>
    </Form>
  );
}
