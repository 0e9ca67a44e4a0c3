import type { AppointmentView } from '../../shared/visit.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { CallUs } from './call-us.tsx';
import { LocationDetails } from './location-details.tsx';
import { useVisitData } from './use-visit-data.ts';
import { formatDay, visitUrl } from './visit-format.ts';
import { VisitWaiting } from './visit-waiting.tsx';
import { WhatToBring } from './what-to-bring.tsx';

/**
 * The page behind the link sent by SMS (and shown right after booking): the visit, what to bring,
 * how to get there, a calendar file, and until when it can be cancelled or moved online. A moved
 * visit's page leads to the visit it became.
 */
export function VisitAppointment({ token }: { token: string }) {
  const { t, language } = useTranslation();
  const page = usePageContext();
  const { data, problem, reload } = useVisitData(token, page.state.visit?.appointment, () =>
    import('./visit.client.ts').then((client) => client.fetchAppointment(token)),
  );

  if (!data) return <VisitWaiting title={t('visit:appointment.title_done')} problem={problem} onRetry={reload} />;
  if (data.movedTo) {
    const moved = data.movedTo;
    return (
      <Page key="moved" title={t('visit:appointment.title_moved')}>
        <p class="lead">
          {t('visit:appointment.moved_text', { day: formatDay(language, moved.day), time: moved.time, location: moved.locationName })}
        </p>
        <p>
          <a class="button" href={`/visit/appointment/${moved.manageToken}`}>
            {t('visit:appointment.moved_link')}
          </a>
        </p>
      </Page>
    );
  }
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
      {cancelled && (
        <p>
          <a class="button" href={visitUrl('/visit', { service: data.service.id, location: data.location.id })}>
            {t('visit:appointment.book_again')}
          </a>
        </p>
      )}
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
          <ChangeRules token={token} appointment={data} />
          <WhatToBring serviceId={data.service.id} />
        </>
      )}
    </Page>
  );
}

/** Until when the visit can be cancelled or moved online, the links to do it, and whom to call after. */
function ChangeRules({ token, appointment }: { token: string; appointment: AppointmentView }) {
  const { t, language } = useTranslation();
  if (!appointment.changeable) {
    return (
      <div class="notice" id="visit-change-rules">
        <p>{t('visit:appointment.too_late', { hours: appointment.changeUntilHours })}</p>
        <CallUs lead={t('visit:appointment.call_to_change')} />
      </div>
    );
  }
  return (
    <div class="appointment-changes" id="visit-change-rules">
      <p>
        {t('visit:appointment.change_until', { day: formatDay(language, appointment.changeUntil.day), time: appointment.changeUntil.time })}
      </p>
      <ul class="button-group">
        <li>
          <a
            class="button button--secondary"
            href={visitUrl('/visit', { service: appointment.service.id, location: appointment.location.id, move: token })}
          >
            {t('visit:appointment.move')}
          </a>
        </li>
        <li>
          <a class="button button--warning" href={`/visit/appointment/${token}/cancel`}>
            {t('visit:appointment.cancel')}
          </a>
        </li>
      </ul>
      <CallUs lead={t('visit:appointment.after_deadline')} />
    </div>
  );
}

export function Summary({ appointment }: { appointment: AppointmentView }) {
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
