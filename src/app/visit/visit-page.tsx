import { formatPhone } from '../../shared/phone.ts';
import { service } from '../../shared/service.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/** Booking a counter visit online comes with its own issue; until then, say how to get one. */
export default function VisitPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('visit:title')}>
      <p class="lead">{t('visit:lead')}</p>
      <ul class="list">
        <li>
          {t('visit:by_phone')}{' '}
          <a href={`tel:${service.phone}`} dir="ltr">
            {formatPhone(service.phone)}
          </a>
        </li>
        <li>
          <a href="/callback">{t('visit:by_callback')}</a>
        </li>
      </ul>
    </Page>
  );
}
