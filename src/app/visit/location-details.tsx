import type { VisitLocationView } from '../../shared/visit.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { languageNames, weekdayNames } from './visit-format.ts';

/** A place's address, access and languages; with `hours`, its opening hours too. */
export function LocationDetails({ location, hours = false }: { location: VisitLocationView; hours?: boolean }) {
  const { t, language } = useTranslation();
  return (
    <>
      <p class="location__address">
        {location.street}
        <br />
        {location.postcode} {location.city}
      </p>
      <ul class="location__access">
        <li>{t(location.wheelchairAccess ? 'visit:access.wheelchair' : 'visit:access.no_wheelchair')}</li>
        {location.hearingLoop && <li>{t('visit:access.hearing_loop')}</li>}
        <li>{t('visit:access.languages', { languages: languageNames(language, location.languages) })}</li>
      </ul>
      {hours && (
        <>
          <h3 class="location__hours-title">{t('visit:access.opening_hours')}</h3>
          <dl class="location__hours">
            {weekdayNames(language).map(({ weekday, name }) => {
              const periods = location.openingHours[weekday] ?? [];
              return (
                <div key={weekday}>
                  <dt>{name}</dt>
                  <dd>
                    {periods.length === 0
                      ? t('visit:access.closed')
                      : periods.map((period) => t('visit:access.period', period)).join(t('visit:access.period_separator'))}
                  </dd>
                </div>
              );
            })}
          </dl>
        </>
      )}
    </>
  );
}
