import { useState } from 'preact/hooks';
import type { AppointmentView } from '../../shared/visit.ts';
import { Form } from '../forms/form.tsx';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { cancelVisit } from './visit.client.ts';
import { visitUrl } from './visit-format.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';

/** Move or cancel a visit that is still far enough ahead. */
export default function Changes({
  token,
  appointment,
  onCancelled,
}: {
  token: string;
  appointment: AppointmentView;
  onCancelled: () => void;
}) {
  const { t } = useTranslation();
  // A key of its own: after a move inside the app, the page's key may already name another request.
  const [key] = useState(() => crypto.randomUUID());
  const submission = useSubmission(key);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const result = await submission.send((key) => cancelVisit(token, key));
    if (result.ok) onCancelled();
  };
  return (
    <div class="appointment-changes">
      <p>
        <a
          class="button button--secondary"
          href={visitUrl('/visit', { service: appointment.service.id, location: appointment.location.id, move: token })}
        >
          {t('visit:appointment.move')}
        </a>
      </p>
      <ProblemNotice problem={submission.problem} />
      <Form
        id="visit-cancel"
        action={`/visit/appointment/${token}/cancel`}
        onSubmit={(event) => void onSubmit(event)}
        busy={submission.busy}
      >
        <button type="submit" class="button button--warning" disabled={submission.busy}>
          {submission.busy ? t('common:form.sending') : t('visit:appointment.cancel')}
        </button>
      </Form>
    </div>
  );
}
