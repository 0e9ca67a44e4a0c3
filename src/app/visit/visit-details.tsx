import { useLocation } from 'preact-iso';
import { formatPhone } from '../../shared/phone.ts';
import { service } from '../../shared/service.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { hydrateAfterLoad } from '../page/hydrate-after-load.tsx';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { useVisitData } from './use-visit-data.ts';
import { visitUrl } from './visit-format.ts';
import { Choices, visitStepCount } from './visit-choices.tsx';
import { VisitWaiting } from './visit-waiting.tsx';
import { WhatToBring } from './what-to-bring.tsx';

// The form posts without JavaScript; its checks and the outbox come after the page has loaded.
const DetailsForm = hydrateAfterLoad(() => import('./visit-details-form.tsx'));

/** Who is coming: a phone for the SMS code, and a name for the counter agent. */
export function VisitDetails() {
  const { t } = useTranslation();
  const { url } = useLocation();
  const page = usePageContext();
  const search = url.includes('?') ? url.slice(url.indexOf('?')) : '';
  const { data, problem, reload } = useVisitData(search, page.state.visit?.step, () =>
    import('./visit.client.ts').then((client) => client.fetchVisitStep(search)),
  );
  const title = t('visit:details.title');

  if (!data) return <VisitWaiting title={title} problem={problem} onRetry={reload} />;
  return (
    <Page title={`${title} – ${t('visit:title')}`} heading={title}>
      <p class="step-count">{t('visit:step', { current: 5, total: visitStepCount })}</p>
      <Choices data={data} />
      {data.slot && !data.slot.changeable && (
        <p class="notice notice--warning" id="visit-fixed-warning">
          {t('visit:details.fixed_warning', { hours: data.changeUntilHours, phone: formatPhone(service.phone) })}
        </p>
      )}
      {data.slot && data.service && data.location ? (
        <DetailsForm
          service={data.service.id}
          location={data.location.id}
          day={data.slot.day}
          start={data.slot.startsAt}
          verifiedPhone={data.verifiedPhone}
        />
      ) : (
        <>
          <p class="notice notice--warning">{t('visit:details.no_slot')}</p>
          <p>
            <a href={visitUrl('/visit', { service: data.service?.id, location: data.location?.id, day: data.day })}>
              {t('visit:details.choose_again')}
            </a>
          </p>
        </>
      )}
      {data.service && <WhatToBring serviceId={data.service.id} />}
    </Page>
  );
}
