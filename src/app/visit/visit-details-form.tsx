import { useState } from 'preact/hooks';
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
import { requestVisitCode } from './visit.client.ts';
import { visitUrl } from './visit-format.ts';

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
  const { route } = useLocation();
  const page = usePageContext();
  const known: Record<string, string> = verifiedPhone ? { phone: formatPhone(verifiedPhone) } : {};
  const form = useForm(visitDetailsSchema, { values: { service, location, start, ...known }, ...page.state.form });
  // A key of its own: after a move inside the app, the page's key may already name another request.
  const [key] = useState(() => crypto.randomUUID());
  const submission = useSubmission(key);
  useTypedValues(form, formId);

  const onSubmit = form.submit(async (details) => {
    const result = await submission.send((key) => requestVisitCode(details, key));
    if (result.ok && result.body.booked) route(`/visit/appointment/${result.body.booked.manageToken}`);
    else if (result.ok) route(`/visit/verify/${result.body.verification}`);
    else if (result.status === 409) route(visitUrl('/visit', { service, location, day, start }));
    else if (result.status === 422 && result.error.fields) form.setErrors(result.error.fields);
  });

  return (
    <Form id={formId} action="/visit/details" onSubmit={onSubmit} busy={submission.busy}>
      <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
      {submission.problem && (
        <p class="notice notice--warning" role="alert">
          {t(submission.problem)}
        </p>
      )}
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
