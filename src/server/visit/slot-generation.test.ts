import { describe, expect, it } from 'vitest';
import { generateSlots, holdCells, type SlotGenerationInput } from './slot-generation.ts';

const weekdays = { opens: '09:00', closes: '12:00' };
const base: SlotGenerationInput = {
  now: new Date('2026-11-29T12:00:00Z'), // a Sunday
  firstDay: '2026-11-30', // Monday
  dayCount: 7,
  openingHours: {
    '1': [weekdays, { opens: '14:00', closes: '16:00' }],
    '2': [weekdays],
    '3': [weekdays],
    '6': [{ opens: '09:00', closes: '10:00' }],
  },
  closures: new Set(),
  slotMinutes: 30,
  counterIds: ['counter-a', 'counter-b'],
  heldCells: new Set(),
};

const times = (input: SlotGenerationInput, day: string) =>
  generateSlots(input)
    .find((entry) => entry.day === day)
    ?.slots.map((slot) => slot.time);

describe('generateSlots', () => {
  it('cuts each opening period into slots of the service length, none past closing time', () => {
    expect(times(base, '2026-11-30')).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '14:00', '14:30', '15:00', '15:30']);
    expect(times({ ...base, slotMinutes: 45 }, '2026-12-01')).toEqual(['09:00', '09:45', '10:30', '11:15']);
  });

  it('gives every day of the range, closed days with no slot', () => {
    const days = generateSlots(base);
    expect(days.map((day) => day.day)).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(days.map((day) => day.slots.length)).toEqual([10, 6, 6, 0, 0, 2, 0]);
  });

  it('offers nothing on a closure or holiday', () => {
    expect(times({ ...base, closures: new Set(['2026-12-01']) }, '2026-12-01')).toEqual([]);
    expect(times({ ...base, closures: new Set(['2026-12-01']) }, '2026-12-02')).toHaveLength(6);
  });

  it('leaves out slots that have started or are within the notice period', () => {
    const now = new Date('2026-11-30T09:10:00Z'); // 10:10 in Paris (UTC+1 in winter)
    expect(times({ ...base, now }, '2026-11-30')?.[0]).toBe('10:30');
    expect(times({ ...base, now, minimumNoticeMinutes: 60 }, '2026-11-30')?.[0]).toBe('11:30');
  });

  it('uses Paris time: UTC+1 in winter, UTC+2 in summer', () => {
    const [winter] = generateSlots(base);
    expect(winter?.slots[0]?.startsAt.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    const [summer] = generateSlots({ ...base, now: new Date('2026-06-01T00:00:00Z'), firstDay: '2026-06-01' });
    expect(summer?.slots[0]?.startsAt.toISOString()).toBe('2026-06-01T07:00:00.000Z');
  });

  it('keeps wall-clock times on the days clocks change (29 March and 25 October 2026)', () => {
    const allWeek = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, [{ opens: '01:00', closes: '04:00' }]]));
    const input = { ...base, now: new Date('2026-03-01T00:00:00Z'), openingHours: allWeek, slotMinutes: 60, dayCount: 1 };
    const spring = generateSlots({ ...input, firstDay: '2026-03-29' })[0]?.slots ?? [];
    // 02:00 does not exist that night: clocks jump from 02:00 to 03:00.
    expect(spring.map((slot) => slot.time)).toEqual(['01:00', '03:00']);
    expect(spring.map((slot) => slot.startsAt.toISOString())).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
    const autumn = generateSlots({ ...input, firstDay: '2026-10-25' })[0]?.slots ?? [];
    // 02:00 happens twice: the slot is the first one (still summer time, UTC+2).
    expect(autumn.map((slot) => slot.time)).toEqual(['01:00', '02:00', '03:00']);
    expect(autumn.map((slot) => slot.startsAt.toISOString())).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('counts counters: a slot stays offered while one counter is free for all its cells', () => {
    const slotStart = new Date('2026-11-30T08:00:00Z');
    const oneHeld = new Set([`counter-a ${slotStart.toISOString()}`]);
    const first = (heldCells: Set<string>) => generateSlots({ ...base, heldCells })[0]?.slots[0];
    expect(first(oneHeld)?.time).toBe('09:00');
    expect(first(oneHeld)?.freeCounterIds).toEqual(['counter-b']);
    // The second cell of a 30-minute slot held on counter b (a 15-minute visit at 09:15).
    const bothHeld = new Set([...oneHeld, `counter-b ${new Date('2026-11-30T08:15:00Z').toISOString()}`]);
    expect(first(bothHeld)?.time).toBe('09:30');
  });

  it('holds one 15-minute cell per quarter hour of the slot', () => {
    expect(holdCells(new Date('2026-11-30T08:00:00Z'), 45).map((cell) => cell.toISOString())).toEqual([
      '2026-11-30T08:00:00.000Z',
      '2026-11-30T08:15:00.000Z',
      '2026-11-30T08:30:00.000Z',
    ]);
  });
});
