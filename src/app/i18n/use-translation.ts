import type { i18n as I18next, TFunction } from 'i18next';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Language } from '../../shared/languages.ts';

export interface I18nState {
  i18n: I18next;
  language: Language;
  /** Switches language in place (JavaScript path); the server's /language link does it without. */
  changeLanguage(language: Language): Promise<void>;
}

export const I18nContext = createContext<I18nState | null>(null);

/** The one way components get translated text: `const { t } = useTranslation()`. */
export function useTranslation(): { t: TFunction; language: Language; changeLanguage: I18nState['changeLanguage'] } {
  const state = useContext(I18nContext);
  if (!state) throw new Error('useTranslation needs an I18nContext provider');
  return { t: state.i18n.t, language: state.language, changeLanguage: state.changeLanguage };
}
