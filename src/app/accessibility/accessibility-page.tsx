import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/** The accessibility statement; its full legal form (RGAA) is written with the inclusion work. */
export default function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('accessibility:title')}>
      <p>{t('accessibility:commitment')}</p>
      <h2>{t('accessibility:status.title')}</h2>
      <p>{t('accessibility:status.text')}</p>
      <h2>{t('accessibility:contact.title')}</h2>
      <p>{t('accessibility:contact.text')}</p>
    </Page>
  );
}
