/**
 * Dates and times as people at the counter read them: Europe/Paris wall-clock time. Days are
 * "YYYY-MM-DD" strings and times "HH:MM", so nothing depends on the machine's own time zone.
 */
export const counterTimeZone = 'Europe/Paris';

/** ISO weekdays as strings ("1" is Monday), the keys of weekly opening hours. */
export const isoWeekdays = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type IsoWeekday = (typeof isoWeekdays)[number];

let partsFormat: Intl.DateTimeFormat | undefined;
const newPartsFormat = () =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: counterTimeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });

/** The Paris wall-clock day and time of an instant. */
export function parisWallClock(instant: Date): { day: string; time: string } {
  partsFormat ??= newPartsFormat();
  const parts = Object.fromEntries(partsFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

export function parisDayOf(instant: Date): string {
  return parisWallClock(instant).day;
}

/**
 * The instant a Paris wall-clock time names, or undefined when that time does not exist (the hour
 * skipped when clocks go forward). In the hour repeated in autumn, the earlier instant is chosen.
 */
export function parisInstant(day: string, time: string): Date | undefined {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  const asIfUtc = Date.UTC(year, month - 1, date, hour, minute);
  // Paris is UTC+1 or UTC+2: try the larger offset first so the repeated hour gives the earlier instant.
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(asIfUtc - offsetHours * 3_600_000);
    const wall = parisWallClock(candidate);
    if (wall.day === day && wall.time === time) return candidate;
  }
  return undefined;
}

export function addDays(day: string, count: number): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + count)).toISOString().slice(0, 10);
}

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export function isoWeekday(day: string): number {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export const dayPattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
