import { formatDateTime } from '../../shared/format.ts';
import type { DossierEventView } from '../../shared/dossier.ts';
import { useTranslation } from '../i18n/use-translation.ts';

/** Every event of a dossier, oldest first: when, who, through which channel, and what. */
export function Timeline({ events }: { events: DossierEventView[] }) {
  const { t, language } = useTranslation();
  return (
    <ol class="timeline">
      {events.map((event, index) => (
        <li key={index} class="timeline__event">
          <p class="timeline__when">
            <time dateTime={event.at}>{formatDateTime(language, event.at)}</time>
            {' · '}
            {t(`dossiers:actor.${event.actor}`)}
            {' · '}
            {t(`dossiers:channel.${event.channel}`)}
          </p>
          <p class="timeline__what">{event.action ? t(`dossiers:action.${event.action}`) : t('dossiers:action.message')}</p>
          {event.message && <blockquote class="timeline__message">{event.message}</blockquote>}
        </li>
      ))}
    </ol>
  );
}
