import { useLocation } from 'preact-iso';
import { hasEasyRead } from '../../shared/reading.ts';
import { useTranslation } from '../i18n/use-translation.ts';

/**
 * Easy-to-read text (FALC) and back, from every page. A plain link to the server without
 * JavaScript; with it, the strings change in place.
 */
export function ReadingSwitch() {
  const { t, language, reading, changeReading } = useTranslation();
  const { url } = useLocation();
  if (!hasEasyRead(language)) return null;
  const next = reading === 'easy' ? 'standard' : 'easy';
  return (
    <a
      class="reading-switch"
      href={`/reading/${next}?return=${encodeURIComponent(url)}`}
      onClick={(event) => {
        event.preventDefault();
        // The router listens on window for link clicks; this one is ours alone.
        event.stopPropagation();
        void changeReading(next);
      }}
    >
      <span class="pictogram pictogram--book" aria-hidden="true" />
      {reading === 'easy' ? t('common:reading.standard') : t('common:reading.easy')}
    </a>
  );
}
