import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { formatPhone } from '../../shared/phone.ts';
import { visitDetailsSchema } from '../../shared/visit.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useTypedValues } from '../forms/typed-values.ts';
import { useForm } from '../forms/use-form.ts';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { visitUrl } from './visit-format.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';

const formId = 'visit-details';

export interface DetailsFormProps {
  service: string;
  location: string;
  day: string;
  start: string;
  verifiedPhone: string | undefined;
}

export default function DetailsForm({ service, location, day, start, verifiedPhone }: DetailsFormProps) {
  const { t } = useTranslation();
  const { route, query } = useLocation();
  const page = usePageContext();
  const known: Record<string, string> = verifiedPhone ? { phone: formatPhone(verifiedPhone) } : {};
  const form = useForm(visitDetailsSchema, { values: { service, location, start, ...known }, ...page.state.form });
  // A key of its own: after a move inside the app, the page's key may already name another request.
  const [key] = useState(() => crypto.randomUUID());
  const submission = useSubmission(key);
  useTypedValues(form, formId);
  const [saved, setSaved] = useState<'offline' | 'unavailable' | undefined>();
  const savedRef = useRef<HTMLDivElement>(null);
  // Opened from "needs your attention": the answers kept on the device, and what the server said of them.
  const fixing = query['outbox'];

  useEffect(() => {
    if (!fixing) return;
    void import('../offline/outbox.ts').then(async ({ getOutboxEntry }) => {
      const entry = await getOutboxEntry(fixing);
      if (!entry) return;
      for (const name of ['phone', 'name']) form.setValue(name, entry.formValues[name] ?? '');
      const fields = entry.attention?.kind === 'refused' ? entry.attention.error.fields : undefined;
      if (fields) form.setErrors(fields);
    });
  }, [fixing]);

  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  const onSubmit = form.submit(async (details) => {
    setSaved(undefined);
    let savedOnDevice = false;
    const result = await submission.send(async (key) => {
      // Sending code loads when the citizen sends: drawing the form does not need it.
      const { sendVisitDetails } = await import('./visit.client.ts');
      const sent = await sendVisitDetails(details, { ...form.values, day }, key);
      savedOnDevice = sent.saved === true;
      // Saved for later is not a failure: the submission starts a new key, the way a sent one does.
      return sent.saved ? { ok: true, status: 202, body: { verification: '' }, headers: new Headers() } : sent;
    });
    if (fixing && (result.ok || savedOnDevice)) {
      const { deleteOutboxEntry } = await import('../offline/outbox.ts');
      await deleteOutboxEntry(fixing);
    }
    if (savedOnDevice) setSaved(navigator.onLine ? 'unavailable' : 'offline');
    else if (result.ok && result.body.booked) route(`/visit/appointment/${result.body.booked.manageToken}`);
    else if (result.ok) route(`/visit/verify/${result.body.verification}`);
    else if (result.status === 409) route(visitUrl('/visit', { service, location, day, start }));
    else if (result.status === 422 && result.error.fields) form.setErrors(result.error.fields);
  });

  return (
    <Form id={formId} action="/visit/details" onSubmit={onSubmit} busy={submission.busy}>
      {saved && (
        <div class="panel" role="status" tabIndex={-1} ref={savedRef}>
          <p>
            <strong>{saved === 'offline' ? t('common:outbox.saved_title_offline') : t('common:outbox.saved_title_unavailable')}</strong>
          </p>
          <p>{t('common:outbox.saved_text')}</p>
          <p>{t('visit:details.saved_not_held')}</p>
        </div>
      )}
      <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
      <ProblemNotice problem={submission.problem} />
      <input type="hidden" name="service" value={service} />
      <input type="hidden" name="location" value={location} />
      <input type="hidden" name="start" value={start} />
      <TextField
        form={form}
        formId={formId}
        name="phone"
        type="tel"
        autocomplete="tel"
        inputMode="tel"
        label={t('visit:details.phone_label')}
        hint={verifiedPhone ? t('visit:details.phone_hint_signed_in') : t('visit:details.phone_hint')}
      />
      <TextField form={form} formId={formId} name="name" autocomplete="name" label={t('visit:details.name_label')} />
      <p class="notice">{t('visit:details.not_held')}</p>
      <button type="submit" class="button" disabled={submission.busy}>
        {submission.busy ? t('common:form.sending') : t('visit:details.submit')}
      </button>
    </Form>
  );
}
