import type { MyVisitView } from '../../shared/visit.ts';
import { getJson } from '../http/api-client.ts';
import { useApiData } from '../http/use-api-data.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { LastUpdated } from '../offline/last-updated.tsx';
import { formatDay } from './visit-format.ts';

/**
 * A signed-in citizen's visits, each with its page (cancel, move, calendar). Network first: offline,
 * the device's last copy shows, with its time. Loaded after the page.
 */
export default function VisitMine() {
  const { t, language } = useTranslation();
  const [visits] = useApiData(() => getJson<MyVisitView[]>('/api/visit/mine'), []);
  if (visits.state !== 'ready' || visits.body.length === 0) return null;
  return (
    <section class="visit-mine" aria-labelledby="visit-mine-title">
      <h2 id="visit-mine-title">{t('visit:mine.title')}</h2>
      <ul>
        {visits.body.map((visit) => (
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
      <LastUpdated updatedAt={visits.updatedAt} fromDevice={visits.fromDevice} />
    </section>
  );
}
