import type { Language } from '../../shared/languages.ts';

/**
 * A date the civil registry may know only in part, written out in the reader's language:
 * "1985-03-14" → "14 mars 1985", "1972-06" → "juin 1972", "1950" → "1950". Never a made-up day.
 */
export function formatPartialDate(value: string, language: Language): string {
  const [year, month, day] = value.split('-').map(Number);
  if (!year) return value;
  const date = new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1));
  const options: Intl.DateTimeFormatOptions = day
    ? { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }
    : month
      ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
      : { year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(language, options).format(date);
}
