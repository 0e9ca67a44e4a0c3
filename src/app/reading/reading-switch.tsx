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
      <svg class="pictogram" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 6.5C10 5 7 4.5 3 4.5v14c4 0 7 .5 9 2 2-1.5 5-2 9-2v-14c-4 0-7 .5-9 2zm-1 11.3C9.2 17 7 16.6 5 16.5V6.6c2.3.1 4.2.6 6 1.6v9.6zm8-1.3c-2 .1-4.2.5-6 1.3V8.2c1.8-1 3.7-1.5 6-1.6v9.9z"
        />
      </svg>
      {reading === 'easy' ? t('common:reading.standard') : t('common:reading.easy')}
    </a>
  );
}
