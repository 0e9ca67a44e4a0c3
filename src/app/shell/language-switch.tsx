import { useLocation } from 'preact-iso';
import { endonyms, languages, type Language } from '../../shared/languages.ts';
import { useTranslation } from '../i18n/use-translation.ts';

/** Links to the other languages, each written in its own language so everyone can find theirs. */
export function LanguageSwitch() {
  const { t, language, changeLanguage } = useTranslation();
  const { url } = useLocation();
  const others = languages.filter((other) => other !== language);
  const switchTo = (event: MouseEvent, other: Language) => {
    event.preventDefault();
    // The router listens on window for link clicks; this one is ours alone.
    event.stopPropagation();
    void changeLanguage(other);
  };
  return (
    <nav class="language-switch" aria-label={t('common:language.label')}>
      <ul>
        {others.map((other) => (
          <li key={other}>
            <a
              href={`/language/${other}?return=${encodeURIComponent(url)}`}
              lang={other}
              hrefLang={other}
              onClick={(event) => switchTo(event, other)}
            >
              {endonyms[other]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
