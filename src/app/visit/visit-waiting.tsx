import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { CallUs } from './call-us.tsx';

/**
 * A booking page while its data loads after a move inside the app, or why it could not. Offline it
 * says what is true: nothing shows or books without the network, the choices so far are in the
 * address ("try again" asks for the same step), and calling or a call-back request still work.
 */
export function VisitWaiting({ title, problem, onRetry }: { title: string; problem: string | undefined; onRetry: () => void }) {
  const { t } = useTranslation();
  if (problem === 'common:errors.network') {
    return (
      <Page title={title}>
        <div class="notice notice--warning" role="status" id="visit-offline">
          <p>{t('visit:offline.text')}</p>
        </div>
        <p>
          <button type="button" class="button" onClick={onRetry}>
            {t('visit:offline.retry')}
          </button>
        </p>
        <CallUs lead={t('visit:offline.other_ways')} />
      </Page>
    );
  }
  return (
    <Page title={title}>
      <p role="status">{problem ? t(problem) : t('visit:loading')}</p>
    </Page>
  );
}
