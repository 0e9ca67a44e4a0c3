import { formatDistance } from '../../shared/format.ts';
import { useLocation } from 'preact-iso';
import type { VisitStepData } from '../../shared/visit.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { useViewer } from '../shell/viewer-context.ts';
import { LocationDetails } from './location-details.tsx';
import { Choices, visitStepCount } from './visit-choices.tsx';
import { useVisitData } from './use-visit-data.ts';
import { AfterLoad } from '../page/after-load.tsx';
import { hydrateAfterLoad } from '../page/hydrate-after-load.tsx';
import { formatDay, visitUrl } from './visit-format.ts';
import { VisitWaiting } from './visit-waiting.tsx';
import { WhatToBring } from './what-to-bring.tsx';

// Moving a visit is a form that posts without JavaScript; its in-page version comes after load.
const MoveStep = hydrateAfterLoad(() => import('./visit-move-step.tsx'));

const stepNumbers = { service: 1, location: 2, day: 3, time: 4, details: 5 } as const;

/**
 * Booking, one question per page: the service, the place, the day, the time. Every choice is a
 * plain link carrying the answers so far in the query string, so it works without JavaScript.
 */
export function VisitSteps() {
  const { t } = useTranslation();
  const { url, query } = useLocation();
  const page = usePageContext();
  const viewer = useViewer();
  const search = url.includes('?') ? url.slice(url.indexOf('?')) : '';
  const { data, problem, reload } = useVisitData(search, page.state.visit?.step, () =>
    import('./visit.client.ts').then((client) => client.fetchVisitStep(search)),
  );
  const options = {
    days: query.days === 'all' ? 'all' : undefined,
    // Checked by the server, which answers a wrong one with a 404; here it only travels in links.
    move: query.move || undefined,
  };

  if (!data) return <VisitWaiting title={t('visit:title')} problem={problem} onRetry={reload} />;
  const step = data.step === 'details' ? 'time' : data.step;
  const titles = {
    service: t('visit:service_step.title'),
    location: t('visit:location_step.title'),
    day: t('visit:day_step.title'),
    time: options.move ? t('visit:move_step.title') : t('visit:time_step.title'),
  };
  return (
    <Page key={step} title={`${titles[step]} – ${t('visit:title')}`} heading={titles[step]}>
      <p class="step-count">{t('visit:step', { current: stepNumbers[step], total: visitStepCount })}</p>
      {step === 'service' && <AfterLoad load={() => import('./visit-sent-requests.tsx')} props={{}} />}
      {step === 'service' && viewer?.kind === 'citizen' && <AfterLoad load={() => import('./visit-mine.tsx')} props={{}} />}
      <Choices data={data} move={options.move} />
      {step === 'service' && <ServiceStep data={data} />}
      {step === 'location' && <LocationStep data={data} move={options.move} />}
      {step === 'location' && data.service && !options.move && <WhatToBring serviceId={data.service.id} />}
      {step === 'day' && <DayStep data={data} allDays={options.days === 'all'} move={options.move} />}
      {step === 'time' && (options.move ? <MoveStep data={data} manageToken={options.move} /> : <TimeStep data={data} />)}
    </Page>
  );
}

function ServiceStep({ data }: { data: VisitStepData }) {
  const { t } = useTranslation();
  return (
    <ul class="choice-list">
      {data.services.map((service) => (
        <li key={service.id}>
          <a class="choice" href={visitUrl('/visit', { service: service.id })}>
            <span class="choice__label">{t(`visit:services.${service.id}`)}</span>
            <span class="choice__hint">{t('visit:duration', { count: service.slotMinutes })}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function LocationStep({ data, move }: { data: VisitStepData; move?: string | undefined }) {
  const { t, language } = useTranslation();
  const error = data.postcodeError;
  return (
    <>
      <form method="get" action="/visit" class="postcode-form">
        <input type="hidden" name="service" value={data.service?.id} />
        {move && <input type="hidden" name="move" value={move} />}
        <div class={error ? 'field field--error' : 'field'}>
          <label for="visit-postcode">{t('visit:location_step.postcode_label')}</label>
          <p class="field__hint" id="visit-postcode-hint">
            {t('visit:location_step.postcode_hint')}
          </p>
          {error && (
            <p class="field__error" id="visit-postcode-error">
              {t(error)}
            </p>
          )}
          <input
            id="visit-postcode"
            name="postcode"
            type="text"
            inputMode="numeric"
            autoComplete="postal-code"
            value={data.postcode ?? ''}
            aria-describedby={error ? 'visit-postcode-hint visit-postcode-error' : 'visit-postcode-hint'}
          />
        </div>
        <button type="submit" class="button button--secondary">
          {t('visit:location_step.postcode_submit')}
        </button>
      </form>
      {data.postcode && !error && <p role="status">{t('visit:location_step.sorted_by_distance', { postcode: data.postcode })}</p>}
      {data.locations.length === 0 && <p>{t('visit:location_step.none')}</p>}
      <ul class="choice-list">
        {data.locations.map((location) => (
          <li key={location.id} class="location">
            <h2 class="location__name">
              <a href={visitUrl('/visit', { service: data.service?.id, location: location.id, postcode: data.postcode, move })}>
                {location.name}
              </a>
            </h2>
            {location.distanceKm !== undefined && (
              <p>{t('visit:location_step.distance', { distance: formatDistance(language, location.distanceKm) })}</p>
            )}
            <LocationDetails location={location} />
          </li>
        ))}
      </ul>
    </>
  );
}

function DayStep({ data, allDays, move }: { data: VisitStepData; allDays: boolean; move?: string | undefined }) {
  const { t, language } = useTranslation();
  const base = { service: data.service?.id, location: data.location?.id, postcode: data.postcode, move };
  if (!data.days.some((day) => day.freeSlots > 0)) {
    return (
      <p class="notice" role="status">
        {t('visit:day_step.none_at_all', { count: data.days.length })}
      </p>
    );
  }
  return (
    <>
      <ul class={allDays ? 'choice-list day-list day-list--all' : 'choice-list day-list'}>
        {data.days.map((day) => (
          <li key={day.day}>
            {day.freeSlots > 0 ? (
              <a class="choice" href={visitUrl('/visit', { ...base, day: day.day })}>
                <span class="choice__label">{formatDay(language, day.day)}</span>
                <span class="choice__hint">{t('visit:day_step.free_slots', { count: day.freeSlots })}</span>
              </a>
            ) : (
              <p class="choice choice--unavailable">
                <span class="choice__label">{formatDay(language, day.day)}</span>
                <span class="choice__hint">{t('visit:day_step.no_availability')}</span>
              </p>
            )}
          </li>
        ))}
      </ul>
      {!allDays && (
        <p class="day-list__more">
          <a href={visitUrl('/visit', { ...base, days: 'all' })}>{t('visit:day_step.more_days')}</a>
        </p>
      )}
    </>
  );
}

function TimeStep({ data }: { data: VisitStepData }) {
  const { t, language } = useTranslation();
  return (
    <>
      {data.slotGone && (
        <p class="notice notice--warning" role="alert">
          {t('visit:time_step.slot_gone')}
        </p>
      )}
      {data.day && <h2>{t('visit:time_step.day_heading', { day: formatDay(language, data.day) })}</h2>}
      {data.times.length === 0 ? (
        <p class="notice">{t('visit:time_step.none')}</p>
      ) : (
        <ul class="choice-list time-list">
          {data.times.map((time) => (
            <li key={time.startsAt}>
              <a
                class="choice choice--time"
                href={visitUrl('/visit/details', {
                  service: data.service?.id,
                  location: data.location?.id,
                  day: data.day,
                  start: time.startsAt,
                })}
              >
                {time.time}
              </a>
            </li>
          ))}
        </ul>
      )}
      {data.location && <LocationDetails location={data.location} hours />}
    </>
  );
}
