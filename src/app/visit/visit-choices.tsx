import type { VisitStepData } from '../../shared/visit.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { formatDay, visitUrl } from './visit-format.ts';

/** Booking steps: service, place, day, time, details, code. */
export const visitStepCount = 6;

/** What was chosen so far, each with a link to change it. */
export function Choices({ data, move }: { data: VisitStepData; move?: string | undefined }) {
  const { t, language } = useTranslation();
  const rows = [
    data.service && { label: t('visit:choice.service'), value: t(`visit:services.${data.service.id}`), href: visitUrl('/visit', { move }) },
    data.location && {
      label: t('visit:choice.location'),
      value: data.location.name,
      href: visitUrl('/visit', { service: data.service?.id, postcode: data.postcode, move }),
    },
    data.day && {
      label: t('visit:choice.day'),
      value: formatDay(language, data.day),
      href: visitUrl('/visit', { service: data.service?.id, location: data.location?.id, move }),
    },
    data.slot && {
      label: t('visit:choice.time'),
      value: data.slot.time,
      href: visitUrl('/visit', { service: data.service?.id, location: data.location?.id, day: data.day }),
    },
  ].filter((row) => !!row);
  if (rows.length === 0) return null;
  return (
    <>
      <h2 class="visually-hidden">{t('visit:your_choices')}</h2>
      <dl class="summary-list">
        {rows.map((row) => (
          <div class="summary-list__row" key={row.label}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
            <dd>
              <a href={row.href}>
                {t('visit:change')}
                <span class="visually-hidden"> {row.label}</span>
              </a>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
