import { formatPhone } from '../../shared/phone.ts';
import { service } from '../../shared/service.ts';
import { useTranslation } from '../i18n/use-translation.ts';

/**
 * The human fallback, on every page: the phone number with opening hours, "Call me back" and
 * "Book a counter visit". Plain links, so it works before (and without) JavaScript. It comes before
 * the page's content, so its name is a paragraph, not a heading: the page's `h1` stays the first
 * heading (RGAA 9.1); screen-reader users reach it as the "Besoin d'aide ?" landmark.
 */
export function HelpBar() {
  const { t } = useTranslation();
  return (
    <aside class="help-bar" aria-labelledby="help-bar-title">
      <div class="container help-bar__inner">
        <p id="help-bar-title" class="help-bar__title">
          {t('common:help.title')}
        </p>
        <p class="help-bar__phone">
          <a href={`tel:${service.phone}`} dir="ltr">
            {formatPhone(service.phone)}
          </a>{' '}
          <span class="help-bar__hours">
            {service.openingHours
              .map((hours) => t(`common:help.hours.${hours.days}`, { opens: hours.opens, closes: hours.closes }))
              .join(t('common:help.hours_separator'))}
          </span>
        </p>
        <ul class="help-bar__actions">
          <li>
            <a class="button button--secondary" href="/callback">
              <span class="pictogram pictogram--easy pictogram--phone" aria-hidden="true" />
              {t('common:help.call_me_back')}
            </a>
          </li>
          <li>
            <a class="button button--secondary" href="/visit">
              <span class="pictogram pictogram--easy pictogram--calendar" aria-hidden="true" />
              {t('common:help.book_visit')}
            </a>
          </li>
        </ul>
      </div>
    </aside>
  );
}
