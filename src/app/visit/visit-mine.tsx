import type { MyVisitView } from '../../shared/visit.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { useCachedResource } from '../offline/use-cached-resource.ts';
import { formatDay } from './visit-format.ts';

/**
 * A signed-in citizen's visits, each with its page (cancel, move, calendar). Network first: offline,
 * the device's last copy shows, with its time. Loaded after the page.
 */
export default function VisitMine() {
  const { t, language } = useTranslation();
  const visits = useCachedResource<MyVisitView[]>('/api/visit/mine');
  if (visits.state !== 'ready' || visits.data.length === 0) return null;
  const when = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' }).format(visits.updatedAt);
  return (
    <section class="visit-mine" aria-labelledby="visit-mine-title">
      <h2 id="visit-mine-title">{t('visit:mine.title')}</h2>
      <ul>
        {visits.data.map((visit) => (
          <li key={visit.reference}>
            <a href={`/visit/appointment/${visit.manageToken}`}>
              {t('visit:mine.item', {
                service: t(`visit:services.${visit.serviceId}`),
                day: formatDay(language, visit.day),
                time: visit.time,
                location: visit.locationName,
              })}
            </a>{' '}
            <strong>{t(`visit:mine.status.${visit.status}`)}</strong>
          </li>
        ))}
      </ul>
      <p class="last-updated">{visits.fromDevice ? t('common:last_updated_offline', { when }) : t('common:last_updated', { when })}</p>
    </section>
  );
}
