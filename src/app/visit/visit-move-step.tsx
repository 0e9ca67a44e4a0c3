import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import * as v from 'valibot';
import type { VisitStepData } from '../../shared/visit.ts';
import { Form } from '../forms/form.tsx';
import { RadioGroup } from '../forms/radio-group.tsx';
import { useTypedValues } from '../forms/typed-values.ts';
import { useForm } from '../forms/use-form.ts';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { moveVisit } from './visit.client.ts';
import { formatDay } from './visit-format.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';

const moveSchema = v.object({ start: v.pipe(v.optional(v.string(), ''), v.nonEmpty('visit:errors.slot_required')) });

/** Moving a visit: the times are a form, since choosing one changes the booking at once. */
export default function MoveStep({ data, manageToken }: { data: VisitStepData; manageToken: string }) {
  const { t, language } = useTranslation();
  const { route } = useLocation();
  const page = usePageContext();
  const form = useForm(moveSchema, page.state.form ?? {});
  // A key of its own: after a move inside the app, the page's key may already name another request.
  const [key] = useState(() => crypto.randomUUID());
  const submission = useSubmission(key);
  useTypedValues(form, 'visit-move');
  const onSubmit = form.submit(async ({ start }) => {
    const result = await submission.send((key) => moveVisit(manageToken, start, key));
    if (result.ok) route(`/visit/appointment/${result.body.manageToken}`);
  });
  if (data.times.length === 0) return <p class="notice">{t('visit:time_step.none')}</p>;
  // One root element: the node kept from the server's page until this code arrives.
  return (
    <div>
      <p>{t('visit:move_step.lead')}</p>
      <ProblemNotice problem={submission.problem} />
      <Form id="visit-move" action={`/visit/appointment/${manageToken}/move`} onSubmit={onSubmit} busy={submission.busy}>
        <RadioGroup
          form={form}
          formId="visit-move"
          name="start"
          legend={data.day ? t('visit:time_step.day_heading', { day: formatDay(language, data.day) }) : t('visit:time_step.title')}
          options={data.times.map((time) => ({ value: time.startsAt, label: time.time }))}
        />
        <button type="submit" class="button" disabled={submission.busy}>
          {submission.busy ? t('common:form.sending') : t('visit:move_step.submit')}
        </button>
      </Form>
    </div>
  );
}
