import { useTranslation } from '../i18n/use-translation.ts';
import { hydrateAfterLoad } from '../page/hydrate-after-load.tsx';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { CallUs } from './call-us.tsx';
import { useVisitData } from './use-visit-data.ts';
import { Summary } from './visit-appointment.tsx';
import { VisitWaiting } from './visit-waiting.tsx';

// The form posts without JavaScript; its in-page version comes after the page has loaded.
const CancelForm = hydrateAfterLoad(() => import('./visit-cancel-form.tsx'));

/**
 * Cancelling asks first (a mistaken tap, a link preview must cancel nothing): this page shows the
 * visit and its one explicit button; keeping the visit is a plain link back.
 */
export function VisitCancel({ token }: { token: string }) {
  const { t } = useTranslation();
  const page = usePageContext();
  const { data, problem, reload } = useVisitData(token, page.state.visit?.appointment, () =>
    import('./visit.client.ts').then((client) => client.fetchAppointment(token)),
  );
  const title = t('visit:cancel.title');

  if (!data) return <VisitWaiting title={title} problem={problem} onRetry={reload} />;
  const back = `/visit/appointment/${data.movedTo?.manageToken ?? token}`;
  return (
    <Page title={title}>
      <p>
        {t('visit:appointment.reference_label')} <strong dir="ltr">{data.reference}</strong>
      </p>
      <Summary appointment={data} />
      {data.changeable ? (
        <CancelForm token={token} back={back} />
      ) : data.status === 'booked' ? (
        <div class="notice">
          <p>{t('visit:appointment.too_late', { hours: data.changeUntilHours })}</p>
          <CallUs lead={t('visit:appointment.call_to_change')} />
        </div>
      ) : (
        <p>
          <a href={back}>{t(data.movedTo ? 'visit:appointment.moved_link' : 'visit:appointment.title_done')}</a>
        </p>
      )}
    </Page>
  );
}
