import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { callbackRequestSchema, callbackTopics, callbackWindows } from '../../shared/callback-request.ts';
import { service } from '../../shared/service.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { RadioGroup } from '../forms/radio-group.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useForm } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { useSubmission } from '../http/use-submission.ts';

const formId = 'callback';

/** Phone, topic, time window and an optional name; the same fields the server form accepts. */
export function CallbackRequestForm() {
  const { t } = useTranslation();
  const { route, query } = useLocation();
  const page = usePageContext();
  const form = useForm(callbackRequestSchema, page.state.form ?? {});
  const submission = useSubmission(page.idempotencyKey);
  const [saved, setSaved] = useState<'offline' | 'unavailable' | undefined>();
  const [storageFull, setStorageFull] = useState(false);
  const savedRef = useRef<HTMLDivElement>(null);
  // Opened from "needs your attention": the answers kept on the device, and what the server said of them.
  const fixing = query['outbox'];

  useEffect(() => {
    if (fixing) void import('../offline/restore-from-outbox.ts').then((outbox) => outbox.restoreFromOutbox(fixing, form));
  }, [fixing]);

  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  const onSubmit = form.submit(async (request) => {
    setSaved(undefined);
    let savedOnDevice = false;
    const result = await submission.send(async (key) => {
      // Sending code loads when the citizen sends: drawing the form does not need it.
      const { sendCallbackRequest } = await import('./callback-request.client.ts');
      const sent = await sendCallbackRequest(request, form.values, key, fixing);
      savedOnDevice = sent.saved === true;
      setStorageFull(sent.storageFull === true && !sent.ok);
      return sent;
    });
    if (savedOnDevice) {
      form.reset();
      setSaved(navigator.onLine ? 'unavailable' : 'offline');
    } else if (result.ok) route(`/callback/confirmation/${encodeURIComponent(result.body.reference)}`);
    else if (result.status === 422 && result.error.fields) form.setErrors(result.error.fields);
  });

  const morning = service.openingHours[0];
  return (
    <Form id={formId} action="/callback" onSubmit={onSubmit} busy={submission.busy}>
      {saved && (
        <div class="panel" role="status" tabIndex={-1} ref={savedRef}>
          <p>
            <strong>{saved === 'offline' ? t('common:outbox.saved_title_offline') : t('common:outbox.saved_title_unavailable')}</strong>
          </p>
          <p>{t('common:outbox.saved_text')}</p>
        </div>
      )}
      <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
      {storageFull && (
        <p class="notice notice--warning" role="alert">
          {t('common:outbox.storage_full')}
        </p>
      )}
      {submission.problem && !storageFull && (
        <p class="notice notice--warning" role="alert">
          {t(submission.problem)}
        </p>
      )}
      <TextField
        form={form}
        formId={formId}
        name="phone"
        type="tel"
        autocomplete="tel"
        inputMode="tel"
        label={t('callback:phone.label')}
        hint={t('callback:phone.hint')}
      />
      <RadioGroup
        form={form}
        formId={formId}
        name="topic"
        legend={t('callback:topic.legend')}
        options={callbackTopics.map((topic) => ({ value: topic, label: t(`callback:topic.options.${topic}`) }))}
      />
      <RadioGroup
        form={form}
        formId={formId}
        name="window"
        legend={t('callback:window.legend')}
        hint={morning && t('callback:window.hint', { opens: morning.opens, closes: morning.closes })}
        options={callbackWindows.map((window) => ({ value: window, label: t(`callback:window.options.${window}`) }))}
      />
      <TextField form={form} formId={formId} name="name" autocomplete="name" optional label={t('callback:name.label')} />
      <button type="submit" class="button" disabled={submission.busy}>
        {submission.busy ? t('common:form.sending') : t('callback:submit')}
      </button>
    </Form>
  );
}
