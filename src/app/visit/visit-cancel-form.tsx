import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Form } from '../forms/form.tsx';
import { ProblemNotice } from '../forms/problem-notice.tsx';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { cancelVisit } from './visit.client.ts';

/** The explicit confirmation: the one button that cancels, and the way back that keeps the visit. */
export default function CancelForm({ token, back }: { token: string; back: string }) {
  const { t } = useTranslation();
  const { route } = useLocation();
  // A key of its own: after a move inside the app, the page's key may already name another request.
  const [key] = useState(() => crypto.randomUUID());
  const submission = useSubmission(key);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const result = await submission.send((key) => cancelVisit(token, key));
    if (result.ok) route(`/visit/appointment/${token}`);
  };
  return (
    <Form id="visit-cancel" action={`/visit/appointment/${token}/cancel`} onSubmit={(event) => void onSubmit(event)} busy={submission.busy}>
      <input type="hidden" name="confirm" value="yes" />
      <p class="lead">{t('visit:cancel.lead')}</p>
      <ProblemNotice problem={submission.problem} />
      <div class="button-group">
        <button type="submit" class="button button--warning" disabled={submission.busy}>
          {submission.busy ? t('common:form.sending') : t('visit:cancel.submit')}
        </button>
        <a href={back}>{t('visit:cancel.keep')}</a>
      </div>
    </Form>
  );
}
