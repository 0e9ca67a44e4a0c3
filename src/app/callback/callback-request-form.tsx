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
import { sendCallbackRequest } from './callback-request.client.ts';

const formId = 'callback';

/** Phone, topic, time window and an optional name; the same fields the server form accepts. */
export function CallbackRequestForm() {
  const { t } = useTranslation();
  const { route } = useLocation();
  const page = usePageContext();
  const form = useForm(callbackRequestSchema, page.state.form ?? {});
  const submission = useSubmission(page.idempotencyKey);

  const onSubmit = form.submit(async (request) => {
    const result = await submission.send((key) => sendCallbackRequest(request, key));
    if (result.ok) route(`/callback/confirmation/${encodeURIComponent(result.body.reference)}`);
    else if (result.status === 422 && result.error.fields) form.setErrors(result.error.fields);
  });

  const morning = service.openingHours[0];
  return (
    <Form id={formId} action="/callback" onSubmit={onSubmit} busy={submission.busy}>
      <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
      {submission.problem && (
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
