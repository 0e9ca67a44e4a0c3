import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import {
  callbackTopics,
  callbackWindowHours,
  callbackWindows,
  callLanguages,
  isCallLanguage,
  type CallbackDefaults,
} from '../../shared/callback-options.ts';
import { service } from '../../shared/service.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { RadioGroup } from '../forms/radio-group.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useForm } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { useSubmission } from '../http/use-submission.ts';
import { useViewer } from '../shell/viewer-context.ts';
import { fieldId } from '../forms/field-id.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';

const formId = 'callback';

/**
 * Phone, topic (and the citizen's own words), time window, call language, an optional dossier and
 * name; the same fields the server form accepts. Opened from a dossier, the dossier is filled in.
 */
export function CallbackRequestForm() {
  const { t, language } = useTranslation();
  const { route, query } = useLocation();
  const page = usePageContext();
  const dossier = query['dossier'];
  // Asked from a procedure's start page: its topic comes chosen.
  const topic = callbackTopics.find((known) => known === query['topic']);
  // The schema (and its validation library) loads when the citizen first sends, not with the page.
  const form = useForm(() => import('../../shared/callback-request.ts').then((module) => module.callbackRequestSchema), {
    ...page.state.form,
    values: {
      callLanguage: isCallLanguage(language) ? language : '',
      ...(dossier ? { dossier } : {}),
      ...(topic ? { topic } : {}),
      ...page.state.form?.values,
    },
  });
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

  // Reached by a link inside the app, the page was not rendered by the server with the signed-in
  // citizen's verified number: ask for it, and fill it in unless something was typed meanwhile.
  const viewer = useViewer();
  useEffect(() => {
    if (viewer?.kind !== 'citizen' || form.values['phone']) return;
    void import('../http/api-client.ts')
      .then(({ getJson }) => getJson<CallbackDefaults>('/api/callback-requests/defaults'))
      .then((result) => {
        const input = document.getElementById(fieldId(formId, 'phone')) as HTMLInputElement | null;
        if (result.ok && result.body.phone && input?.value === '') form.setValue('phone', result.body.phone);
      });
  }, []);

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
      <ProblemNotice problem={storageFull ? undefined : submission.problem} />
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
      <TextField
        form={form}
        formId={formId}
        name="topicDetail"
        label={t('callback:topic_detail.label')}
        hint={t('callback:topic_detail.hint')}
      />
      <RadioGroup
        form={form}
        formId={formId}
        name="window"
        legend={t('callback:window.legend')}
        hint={t('callback:window.hint', callbackWindowHours('any'))}
        options={callbackWindows.map((window) => ({
          value: window,
          label: t(`callback:window.options.${window}`, callbackWindowHours(window)),
        }))}
      />
      <RadioGroup
        form={form}
        formId={formId}
        name="callLanguage"
        legend={t('callback:call_language.legend')}
        options={callLanguages.map((code) => ({ value: code, label: service.callLanguages[code], lang: code }))}
      />
      <TextField
        form={form}
        formId={formId}
        name="dossier"
        optional
        label={t('callback:dossier.label')}
        hint={t('callback:dossier.hint')}
      />
      <TextField form={form} formId={formId} name="name" autocomplete="name" optional label={t('callback:name.label')} />
      <button type="submit" class="button" disabled={submission.busy}>
        {submission.busy ? t('common:form.sending') : t('callback:submit')}
      </button>
    </Form>
  );
}
