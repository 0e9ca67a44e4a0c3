import { formatPhone } from '../../shared/phone.ts';
import { service } from '../../shared/service.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/** The accessibility statement in the legal form the RGAA prescribes, headings in its order. */
export default function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('accessibility:title')}>
      <p>{t('accessibility:commitment')}</p>
      <p>{t('accessibility:scope')}</p>

      <h2>{t('accessibility:status.title')}</h2>
      <p>{t('accessibility:status.text')}</p>

      <h2>{t('accessibility:results.title')}</h2>
      <p>{t('accessibility:results.rate')}</p>
      <p>{t('accessibility:results.automated')}</p>

      <h2>{t('accessibility:non_compliant.title')}</h2>
      <p>{t('accessibility:non_compliant.intro')}</p>
      <ul class="list">
        <li>{t('accessibility:non_compliant.items.audit')}</li>
        <li>{t('accessibility:non_compliant.items.languages')}</li>
      </ul>
      <p>{t('accessibility:non_compliant.alternative')}</p>
      <h3>{t('accessibility:non_compliant.derogations_title')}</h3>
      <p>{t('accessibility:non_compliant.derogations')}</p>
      <h3>{t('accessibility:non_compliant.exempt_title')}</h3>
      <p>{t('accessibility:non_compliant.exempt')}</p>

      <h2>{t('accessibility:established.title')}</h2>
      <p>{t('accessibility:established.date')}</p>
      <h3>{t('accessibility:established.technologies_title')}</h3>
      <p>{t('accessibility:established.technologies')}</p>
      <h3>{t('accessibility:established.environment_title')}</h3>
      <p>{t('accessibility:established.environment')}</p>
      <h3>{t('accessibility:established.tools_title')}</h3>
      <p>{t('accessibility:established.tools')}</p>
      <h3>{t('accessibility:established.pages_title')}</h3>
      <p>{t('accessibility:established.pages')}</p>

      <h2>{t('accessibility:contact.title')}</h2>
      <p>{t('accessibility:contact.text')}</p>
      <ul class="list">
        <li>
          {t('accessibility:contact.phone')}{' '}
          <a href={`tel:${service.phone}`} dir="ltr">
            {formatPhone(service.phone)}
          </a>
        </li>
        <li>
          <a href="/callback">{t('accessibility:contact.callback')}</a>
        </li>
        <li>
          <a href="/accessibility/feedback">{t('accessibility:contact.write')}</a>
        </li>
      </ul>

      <h2>{t('accessibility:remedy.title')}</h2>
      <p>{t('accessibility:remedy.intro')}</p>
      <ul class="list">
        <li>
          <a href="https://formulaire.defenseurdesdroits.fr/" rel="external">
            {t('accessibility:remedy.form')}
          </a>
        </li>
        <li>
          <a href="https://www.defenseurdesdroits.fr/saisir/delegues" rel="external">
            {t('accessibility:remedy.delegate')}
          </a>
        </li>
        <li>{t('accessibility:remedy.mail')}</li>
      </ul>
    </Page>
  );
}
