import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('errors:not_found.title')} status={404}>
      <p>{t('errors:not_found.text')}</p>
      <p>
        <a href="/">{t('common:back_home')}</a>
      </p>
    </Page>
  );
}
