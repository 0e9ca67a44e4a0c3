import { counterTimeZone } from './paris-time.ts';

/**
 * The one place dates, numbers and distances become text, always with `Intl` in the page's
 * language ("20 janvier 1938", "0,5 km" on a French page; "20 January 1938", "0.5 km" in English).
 * The browser and the server both use it, so a page reads the same rendered either way. Instants
 * are shown in Paris time: a page rendered on a server in UTC must say the hour the counter says.
 */

/** A calendar day or a part of one, as the civil registry may know it: "1938-01-20", "1972-06", "1950". */
const partialDate = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

/**
 * A calendar date written out, never with a made-up day: "1938-01-20" → "20 janvier 1938",
 * "1972-06" → "juin 1972", "1950" → "1950". Read as a calendar day wherever the phone is.
 * Anything else is returned as given, so a malformed value is shown rather than hidden.
 */
export function formatDate(language: string, value: string): string {
  const match = partialDate.exec(value);
  if (!match) return value;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1)));
  const options: Intl.DateTimeFormatOptions = day
    ? { year: 'numeric', month: 'long', day: 'numeric' }
    : month
      ? { year: 'numeric', month: 'long' }
      : { year: 'numeric' };
  return new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(date);
}

/** "lundi 30 novembre": a calendar day as people say it, with its weekday and without the year. */
export function formatWeekday(language: string, day: string): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

type Instant = Date | string | number;

/** "3 décembre 2026 à 14:05": an instant (an ISO string, a Date or milliseconds), in Paris time. */
export function formatDateTime(language: string, instant: Instant, seconds = false): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    timeStyle: seconds ? 'medium' : 'short',
    timeZone: counterTimeZone,
  }).format(new Date(instant));
}

/** "3 décembre 2026": the Paris day of an instant. */
export function formatInstantDate(language: string, instant: Instant): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: counterTimeZone }).format(new Date(instant));
}

/** "1 234,5": a number with the page's separators, at most `fractionDigits` decimals. */
export function formatNumber(language: string, value: number, fractionDigits = 1): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: fractionDigits }).format(value);
}

/** "0,5 km", "12 km": a distance in kilometres, with the page's separators and unit. */
export function formatDistance(language: string, kilometres: number): string {
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: 'kilometer',
    unitDisplay: 'short',
    maximumFractionDigits: kilometres < 10 ? 1 : 0,
  }).format(kilometres);
}
