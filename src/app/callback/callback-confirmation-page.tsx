import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/** Shows only the reference from the URL: nothing personal, so the page is safe to reload or share. */
export default function CallbackConfirmationPage({ reference = '' }: { reference?: string }) {
  const { t } = useTranslation();
  return (
    <Page title={t('callback:confirmation.title')}>
      <div class="panel panel--success">
        <p>{t('callback:confirmation.reference_label')}</p>
        <p class="panel__reference" dir="ltr">
          {reference}
        </p>
      </div>
      <p>{t('callback:confirmation.next')}</p>
      <p>{t('callback:confirmation.keep_reference')}</p>
      <p>
        <a href="/callback/mine">{t('callback:mine.see_mine')}</a>
      </p>
      <p>
        <a href="/">{t('common:back_home')}</a>
      </p>
    </Page>
  );
}
