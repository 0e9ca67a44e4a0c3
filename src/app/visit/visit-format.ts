import { isoWeekdays } from '../../shared/paris-time.ts';

/** "lundi 30 novembre": a day as people say it, in the page's language (the shared formatter). */
export { formatWeekday as formatDay } from '../../shared/format.ts';

/** The weekday names, Monday first (ISO order), to list opening hours. */
export function weekdayNames(language: string): { weekday: (typeof isoWeekdays)[number]; name: string }[] {
  const format = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
  // 7 December 2026 is a Monday.
  return isoWeekdays.map((weekday, index) => ({ weekday, name: format.format(new Date(Date.UTC(2026, 11, 7 + index))) }));
}

/** Language codes ("ar", "pt") as their names in the page's language. */
export function languageNames(language: string, codes: string[]): string {
  const names = new Intl.DisplayNames([language], { type: 'language' });
  return codes.map((code) => names.of(code) ?? code).join(', ');
}

/** A booking step's address with the choices made so far (empty ones left out). */
export function visitUrl(path: string, query: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return search ? `${path}?${search}` : path;
}
