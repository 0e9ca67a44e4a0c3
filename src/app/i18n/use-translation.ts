import type { i18n as I18next, TFunction } from 'i18next';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Language } from '../../shared/languages.ts';
import type { ReadingMode } from '../../shared/reading.ts';

export interface I18nState {
  i18n: I18next;
  language: Language;
  reading: ReadingMode;
  /** Switches language in place (JavaScript path); the server's /language link does it without. */
  changeLanguage(language: Language): Promise<void>;
  /** Switches to easy-read text and back; the server's /reading link does it without JavaScript. */
  changeReading(reading: ReadingMode): Promise<void>;
}

export const I18nContext = createContext<I18nState | null>(null);

/** The one way components get translated text: `const { t } = useTranslation()`. */
export function useTranslation(): Omit<I18nState, 'i18n'> & { t: TFunction } {
  const state = useContext(I18nContext);
  if (!state) throw new Error('useTranslation needs an I18nContext provider');
  const { i18n, ...rest } = state;
  return { t: i18n.t, ...rest };
}
