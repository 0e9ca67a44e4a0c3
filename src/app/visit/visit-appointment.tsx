import type { AppointmentView } from '../../shared/visit.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { hydrateAfterLoad } from '../page/hydrate-after-load.tsx';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { LocationDetails } from './location-details.tsx';
import { useVisitData } from './use-visit-data.ts';
import { formatDay, visitUrl } from './visit-format.ts';
import { VisitWaiting } from './visit-waiting.tsx';

// Cancelling posts without JavaScript; the in-page version comes after the page has loaded.
const Changes = hydrateAfterLoad(() => import('./visit-changes.tsx'));

/**
 * The page behind the link sent by SMS (and shown right after booking): the visit, how to get
 * there, a calendar file, and cancel or move while it is far enough ahead.
 */
export function VisitAppointment({ token }: { token: string }) {
  const { t } = useTranslation();
  const page = usePageContext();
  const { data, problem, reload } = useVisitData(token, page.state.visit?.appointment, () =>
    import('./visit.client.ts').then((client) => client.fetchAppointment(token)),
  );

  if (!data) return <VisitWaiting title={t('visit:appointment.title_done')} problem={problem} />;
  const cancelled = data.status === 'cancelled_by_citizen' || data.status === 'cancelled_by_service';
  const title = t(
    data.status === 'booked'
      ? 'visit:appointment.title_booked'
      : cancelled
        ? 'visit:appointment.title_cancelled'
        : 'visit:appointment.title_done',
  );
  return (
    <Page key={data.status} title={title}>
      <div class={data.status === 'booked' ? 'panel panel--success' : 'panel panel--neutral'}>
        <p>{t('visit:appointment.reference_label')}</p>
        <p class="panel__reference" dir="ltr">
          {data.reference}
        </p>
      </div>
      {data.status === 'cancelled_by_citizen' && <p>{t('visit:appointment.cancelled_text')}</p>}
      {data.status === 'cancelled_by_service' && <p>{t('visit:appointment.cancelled_by_service')}</p>}
      {(data.status === 'seen' || data.status === 'no_show') && <p>{t(`visit:appointment.status.${data.status}`)}</p>}
      <Summary appointment={data} />
      {data.status === 'booked' && (
        <>
          <p>{t('visit:appointment.sms_sent')}</p>
          <p>
            <a href={`/visit/appointment/${token}/calendar.ics`} download>
              {t('visit:appointment.calendar')}
            </a>
          </p>
          {data.changeable ? (
            <Changes token={token} appointment={data} onCancelled={reload} />
          ) : (
            <p class="notice">{t('visit:appointment.too_late', { hours: data.changeUntilHours })}</p>
          )}
          <p>{t('visit:appointment.keep_link')}</p>
        </>
      )}
      {cancelled && (
        <p>
          <a class="button" href={visitUrl('/visit', { service: data.service.id })}>
            {t('visit:appointment.book_again')}
          </a>
        </p>
      )}
    </Page>
  );
}

function Summary({ appointment }: { appointment: AppointmentView }) {
  const { t, language } = useTranslation();
  return (
    <>
      <h2>{t(`visit:services.${appointment.service.id}`)}</h2>
      <p class="lead">{t('visit:appointment.when', { day: formatDay(language, appointment.day), time: appointment.time })}</p>
      <h3>{appointment.location.name}</h3>
      <LocationDetails location={appointment.location} />
      <p>
        <a href={appointment.location.directionsUrl} rel="noopener noreferrer">
          {t('visit:appointment.directions', { name: appointment.location.name })}
        </a>
      </p>
    </>
  );
}
