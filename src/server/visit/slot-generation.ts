import { addDays, isoWeekday, parisInstant } from '../../shared/paris-time.ts';
import type { IsoWeekday, WeeklyOpeningHours } from '../../shared/visit.ts';

/** Appointments hold counters in cells of this many minutes; every slot length is a multiple of it. */
export const holdCellMinutes = 15;

export interface SlotGenerationInput {
  /** Slots that start at or before this instant (plus `minimumNoticeMinutes`) are not offered. */
  now: Date;
  firstDay: string;
  dayCount: number;
  openingHours: WeeklyOpeningHours;
  /** Days the location is closed (holidays, closures), as "YYYY-MM-DD". */
  closures: ReadonlySet<string>;
  slotMinutes: number;
  counterIds: readonly string[];
  /** Cells already held by appointments, per counter: `${counterId} ${startsAt.toISOString()}`. */
  heldCells: ReadonlySet<string>;
  minimumNoticeMinutes?: number;
}

export interface GeneratedSlot {
  startsAt: Date;
  endsAt: Date;
  time: string;
  /** Counters free for the whole slot, in the order given: the booking tries them in that order. */
  freeCounterIds: string[];
}

export interface GeneratedDay {
  day: string;
  /** Whether the location opens that day at all (false on closures and weekly closed days). */
  open: boolean;
  slots: GeneratedSlot[];
}

/**
 * The bookable slots of one service at one location, day by day. Slots start at each opening time
 * and follow one another, in Paris wall-clock time (so a slot at 09:00 is at 09:00 on the day
 * clocks change); a slot is offered while at least one counter is free for all of its cells.
 */
export function generateSlots(input: SlotGenerationInput): GeneratedDay[] {
  const earliest = input.now.getTime() + (input.minimumNoticeMinutes ?? 0) * 60_000;
  const days: GeneratedDay[] = [];
  for (let index = 0; index < input.dayCount; index += 1) {
    const day = addDays(input.firstDay, index);
    const periods = input.closures.has(day) ? [] : (input.openingHours[String(isoWeekday(day)) as IsoWeekday] ?? []);
    const slots: GeneratedSlot[] = [];
    for (const period of periods) {
      const closes = minutesOf(period.closes);
      for (let start = minutesOf(period.opens); start + input.slotMinutes <= closes; start += input.slotMinutes) {
        const time = timeOf(start);
        const startsAt = parisInstant(day, time);
        if (!startsAt || startsAt.getTime() <= earliest) continue;
        const endsAt = new Date(startsAt.getTime() + input.slotMinutes * 60_000);
        const cells = holdCells(startsAt, input.slotMinutes);
        const freeCounterIds = input.counterIds.filter((counterId) =>
          cells.every((cell) => !input.heldCells.has(`${counterId} ${cell.toISOString()}`)),
        );
        if (freeCounterIds.length > 0) slots.push({ startsAt, endsAt, time, freeCounterIds });
      }
    }
    days.push({ day, open: periods.length > 0, slots });
  }
  return days;
}

/** The cells an appointment holds: one per `holdCellMinutes` from its start. */
export function holdCells(startsAt: Date, slotMinutes: number): Date[] {
  return Array.from(
    { length: Math.ceil(slotMinutes / holdCellMinutes) },
    (_, index) => new Date(startsAt.getTime() + index * holdCellMinutes * 60_000),
  );
}

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
