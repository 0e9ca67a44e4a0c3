import { formatPhone } from '../../shared/phone.ts';
import { service } from '../../shared/service.ts';
import { useTranslation } from '../i18n/use-translation.ts';

/**
 * The human fallback, on every page: the phone number with opening hours, "Call me back" and
 * "Book a counter visit". Plain links, so it works before (and without) JavaScript.
 */
export function HelpBar() {
  const { t } = useTranslation();
  return (
    <aside class="help-bar" aria-labelledby="help-bar-title">
      <div class="container help-bar__inner">
        <h2 id="help-bar-title" class="help-bar__title">
          {t('common:help.title')}
        </h2>
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
              <svg class="pictogram pictogram--easy" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path
                  fill="currentColor"
                  d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1l-2.3 2.2z"
                />
              </svg>
              {t('common:help.call_me_back')}
            </a>
          </li>
          <li>
            <a class="button button--secondary" href="/visit">
              <svg class="pictogram pictogram--easy" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path
                  fill="currentColor"
                  d="M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14c0 1.1.9 2 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 16H5V9h14v11zM7 11h5v5H7z"
                />
              </svg>
              {t('common:help.book_visit')}
            </a>
          </li>
        </ul>
      </div>
    </aside>
  );
}
