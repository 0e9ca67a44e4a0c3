import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { AccessibilityFeedbackForm } from './accessibility-feedback-form.tsx';

/** The statement's feedback form, on its own page so the statement itself stays light to load. */
export default function AccessibilityFeedbackPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('accessibility:feedback.title')}>
      <p class="lead">{t('accessibility:feedback.intro')}</p>
      <AccessibilityFeedbackForm />
      <p>
        <a class="back-link" href="/accessibility">
          {t('accessibility:title')}
        </a>
      </p>
    </Page>
  );
}
