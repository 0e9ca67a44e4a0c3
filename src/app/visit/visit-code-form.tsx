import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { verificationCodeSchema } from '../../shared/visit.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useTypedValues } from '../forms/typed-values.ts';
import { useForm } from '../forms/use-form.ts';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { confirmVisitCode } from './visit.client.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';

const formId = 'visit-code';

/** The code texted to the phone: typing it proves the number, and books the slot. */
export default function VisitCodeForm({ verification }: { verification: string }) {
  const { t } = useTranslation();
  const { route } = useLocation();
  const page = usePageContext();
  const form = useForm(verificationCodeSchema, page.state.form ?? {});
  // A key of its own: after a move inside the app, the page's key may already name another request.
  const [key] = useState(() => crypto.randomUUID());
  const submission = useSubmission(key);
  useTypedValues(form, formId);

  const onSubmit = form.submit(async ({ code }) => {
    const result = await submission.send((key) => confirmVisitCode(verification, code, key));
    if (result.ok) route(`/visit/appointment/${result.body.manageToken}`);
    else if (result.status === 422 && result.error.fields) form.setErrors(result.error.fields);
  });

  return (
    <Form id={formId} action={`/visit/verify/${verification}`} onSubmit={onSubmit} busy={submission.busy}>
      <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
      <ProblemNotice problem={submission.problem} />
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
  );
}
