import { findProcedure } from '../../shared/procedures/catalogue.ts';
import NotFoundPage from '../errors/not-found-page.tsx';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/** The reference to quote, what happens next and when; nothing personal, safe to reload. */
export default function ProcedureConfirmationPage({ procedure = '', reference = '' }: { procedure?: string; reference?: string }) {
  const { t } = useTranslation();
  const definition = findProcedure(procedure);
  if (!definition) return <NotFoundPage />;
  return (
    <Page title={t('procedures:confirmation.title')}>
      <div class="panel panel--success">
        <p>{t('procedures:confirmation.reference_label')}</p>
        <p class="panel__reference" dir="ltr">
          {reference}
        </p>
      </div>
      <h2>{t('procedures:confirmation.next_title')}</h2>
      <p>{t('procedures:confirmation.next', { count: definition.answerWithinDays, days: definition.answerWithinDays })}</p>
      <p>{t('procedures:confirmation.sms')}</p>
      <p>
        <a href={`/requests/${encodeURIComponent(reference)}`}>{t('procedures:confirmation.follow')}</a>
      </p>
    </Page>
  );
}
