import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

export default function HomePage() {
  const { t } = useTranslation();
  return (
    <Page title={t('home:title')} heading={t('home:heading')}>
      <p class="lead">{t('home:lead')}</p>
      <ul class="cards">
        <li class="card">
          <h2 class="card__title">
            <a href="/procedures">{t('home:procedures.title')}</a>
          </h2>
          <p>{t('home:procedures.text')}</p>
        </li>
        <li class="card">
          <h2 class="card__title">
            <a href="/callback">{t('home:callback.title')}</a>
          </h2>
          <p>{t('home:callback.text')}</p>
        </li>
        <li class="card">
          <h2 class="card__title">
            <a href="/visit">{t('home:visit.title')}</a>
          </h2>
          <p>{t('home:visit.text')}</p>
        </li>
      </ul>
    </Page>
  );
}
