import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { CallbackRequestForm } from './callback-request-form.tsx';

export default function CallbackRequestPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('callback:title')}>
      <p class="lead">{t('callback:lead')}</p>
      <CallbackRequestForm />
    </Page>
  );
}
