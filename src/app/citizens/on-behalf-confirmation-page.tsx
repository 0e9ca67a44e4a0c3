import { findProcedure } from '../../shared/procedures/catalogue.ts';
import NotFoundPage from '../errors/not-found-page.tsx';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/** The reference to read out to the citizen, who also receives it by SMS. */
export default function OnBehalfConfirmationPage({
  citizen = '',
  procedure = '',
  reference = '',
}: {
  citizen?: string;
  procedure?: string;
  reference?: string;
}) {
  const { t } = useTranslation();
  const definition = findProcedure(procedure);
  if (!definition) return <NotFoundPage />;
  return (
    <Page title={t('citizens:confirmation.title')} caption={t(`procedures:${definition.id}.title`)}>
      <div class="panel panel--success">
        <p>{t('citizens:confirmation.reference_label')}</p>
        <p class="panel__reference" dir="ltr">
          {reference}
        </p>
      </div>
      <p>{t('citizens:confirmation.sms')}</p>
      <p>
        <a href={`/agent/citizens/${encodeURIComponent(citizen)}`}>{t('citizens:confirmation.back')}</a>
      </p>
    </Page>
  );
}
