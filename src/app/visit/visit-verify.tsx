import { useTranslation } from '../i18n/use-translation.ts';
import { hydrateAfterLoad } from '../page/hydrate-after-load.tsx';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { useVisitData } from './use-visit-data.ts';
import { formatDay } from './visit-format.ts';
import { visitStepCount } from './visit-choices.tsx';
import { VisitWaiting } from './visit-waiting.tsx';
import { WhatToBring } from './what-to-bring.tsx';

// The form posts without JavaScript; its checks come after the page has loaded.
const CodeForm = hydrateAfterLoad(() => import('./visit-code-form.tsx'));

/** The code texted to the phone: typing it proves the number, and books the slot. */
export function VisitVerify({ verification }: { verification: string }) {
  const { t, language } = useTranslation();
  const page = usePageContext();
  const { data, problem, reload } = useVisitData(verification, page.state.visit?.verification, () =>
    import('./visit.client.ts').then((client) => client.fetchVerification(verification)),
  );
  const title = t('visit:verify.title');

  if (!data) return <VisitWaiting title={title} problem={problem} onRetry={reload} />;
  return (
    <Page title={`${title} – ${t('visit:title')}`} heading={title}>
      <p class="step-count">{t('visit:step', { current: 6, total: visitStepCount })}</p>
      <p class="lead">{t(`visit:services.${data.serviceId}`)}</p>
      <p>{t('visit:verify.slot', { day: formatDay(language, data.day), time: data.time, location: data.locationName })}</p>
      {data.usable ? (
        <>
          <p>{t('visit:verify.lead')}</p>
          <CodeForm verification={verification} />
        </>
      ) : (
        <>
          <p class="notice notice--warning">{t('visit:verify.unusable')}</p>
          <p>
            <a href="/visit">{t('visit:verify.start_again')}</a>
          </p>
        </>
      )}
      <WhatToBring serviceId={data.serviceId} />
    </Page>
  );
}
