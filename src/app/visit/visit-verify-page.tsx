import { useLocation } from 'preact-iso';
import { verificationCodeSchema } from '../../shared/visit.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useForm } from '../forms/use-form.ts';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { useVisitData } from './use-visit-data.ts';
import { confirmVisitCode, fetchVerification } from './visit.client.ts';
import { formatDay } from './visit-format.ts';
import { visitStepCount } from './visit-choices.tsx';

const formId = 'visit-code';

/** The code texted to the phone: typing it proves the number, and books the slot. */
export default function VisitVerifyPage({ verification = '' }: { verification?: string }) {
  const { t, language } = useTranslation();
  const { route } = useLocation();
  const page = usePageContext();
  const { data, problem } = useVisitData(verification, page.state.visit?.verification, () => fetchVerification(verification));
  const form = useForm(verificationCodeSchema, page.state.form ?? {});
  const submission = useSubmission(page.idempotencyKey);
  const title = t('visit:verify.title');

  const onSubmit = form.submit(async ({ code }) => {
    const result = await submission.send((key) => confirmVisitCode(verification, code, key));
    if (result.ok) route(`/visit/appointment/${result.body.manageToken}`);
    else if (result.status === 422 && result.error.fields) form.setErrors(result.error.fields);
  });

  if (!data) {
    return (
      <Page title={title}>
        <p role="status">{problem ? t(problem) : t('visit:loading')}</p>
      </Page>
    );
  }
  return (
    <Page title={`${title} – ${t('visit:title')}`} heading={title}>
      <p class="step-count">{t('visit:step', { current: 6, total: visitStepCount })}</p>
      <p class="lead">{t(`visit:services.${data.serviceId}`)}</p>
      <p>{t('visit:verify.slot', { day: formatDay(language, data.day), time: data.time, location: data.locationName })}</p>
      {data.usable ? (
        <>
          <p>{t('visit:verify.lead')}</p>
          <Form id={formId} action={`/visit/verify/${verification}`} onSubmit={onSubmit} busy={submission.busy}>
            <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
            {submission.problem && (
              <p class="notice notice--warning" role="alert">
                {t(submission.problem)}
              </p>
            )}
            <TextField
              form={form}
              formId={formId}
              name="code"
              autocomplete="one-time-code"
              inputMode="numeric"
              label={t('visit:verify.code_label')}
            />
            <p class="notice">{t('visit:verify.not_held')}</p>
            <button type="submit" class="button" disabled={submission.busy}>
              {submission.busy ? t('common:form.sending') : t('visit:verify.submit')}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p class="notice notice--warning">{t('visit:verify.unusable')}</p>
          <p>
            <a href="/visit">{t('visit:verify.start_again')}</a>
          </p>
        </>
      )}
    </Page>
  );
}
