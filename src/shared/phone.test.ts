import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPhone, normalisePhone } from './phone.ts';

describe('normalisePhone', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['06-12-34-56-78', '+33612345678'],
    ['  01 23 45 67 89 ', '+33123456789'],
    ['(01) 23 45 67 89', '+33123456789'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33612345678', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['09 70 80 90 10', '+33970809010'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['0033 (0)6 12 34 56 78', '+33612345678'],
    ['+33\u00a06\u00a012\u00a034\u00a056\u00a078', '+33612345678'],
  ])('mainland number "%s" becomes %s', (typed, e164) => {
    expect(normalisePhone(typed)).toBe(e164);
  });

  it.each([
    ['0262 12 34 56', '+262262123456'],
    ['0692 12 34 56', '+262692123456'],
    ['+262 692 12 34 56', '+262692123456'],
    ['0269 61 23 45', '+262269612345'],
    ['0639 12 34 56', '+262639123456'],
    ['0590 12 34 56', '+590590123456'],
    ['0690 12 34 56', '+590690123456'],
    ['0594 12 34 56', '+594594123456'],
    ['0694 12 34 56', '+594694123456'],
    ['0596 12 34 56', '+596596123456'],
    ['0696 12 34 56', '+596696123456'],
    ['00596 696 12 34 56', '+596696123456'],
    // Written with mainland France's code by mistake: still reaches the phone in Martinique.
    ['+33 6 96 12 34 56', '+596696123456'],
  ])('overseas number "%s" gets its own country code: %s', (typed, e164) => {
    expect(normalisePhone(typed)).toBe(e164);
  });

  it.each([
    ['+32 2 123 45 67', '+3221234567'],
    ['0044 20 7946 0958', '+442079460958'],
  ])('a number from abroad "%s" is kept in E.164: %s', (typed, e164) => {
    expect(normalisePhone(typed)).toBe(e164);
  });

  it.each(['', '06 12', '01', '06 12 34 56 789', '+33 0 12 34 56 78', '+33 6 12 34 56', 'O6 12 34 56 78', '06/12/34/56/78', '+1'])(
    'refuses "%s"',
    (typed) => {
      expect(normalisePhone(typed)).toBeUndefined();
    },
  );
});

describe('formatPhone', () => {
  it.each([
    ['+33612345678', '06 12 34 56 78'],
    ['+33123456789', '01 23 45 67 89'],
    ['+262692123456', '06 92 12 34 56'],
    ['+590590123456', '05 90 12 34 56'],
    ['+596696123456', '06 96 12 34 56'],
    ['+3221234567', '+3221234567'],
    // +262 is also Mayotte and Réunion only: anything else under it is shown as it is.
    ['+262123456789', '+262123456789'],
  ])('%s is shown as %s', (e164, shown) => {
    expect(formatPhone(e164)).toBe(shown);
  });
});

/** A French number as a citizen might type it: a valid national number, any usual separators. */
const typedFrenchNumber = fc
  .tuple(
    fc.integer({ min: 1, max: 9 }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
    fc.constantFrom('', ' ', '.', '-'),
    fc.constantFrom('0', '+33', '+33 ', '0033'),
  )
  .map(([first, rest, separator, prefix]) => {
    const subscriber = [first, ...rest].join('');
    const pairs = `${subscriber.slice(0, 1)}${separator}${subscriber.slice(1).replace(/(\d{2})(?=\d)/g, `$1${separator}`)}`;
    return { national: `0${subscriber}`, typed: `${prefix}${pairs}` };
  });

describe('round trip (property)', () => {
  it('shows any valid French number in its national form, which reads back as the same number', () => {
    fc.assert(
      fc.property(typedFrenchNumber, ({ national, typed }) => {
        const e164 = normalisePhone(typed);
        expect(e164).toMatch(/^\+(33|262|590|594|596)\d{9}$/);
        const shown = formatPhone(e164 ?? '');
        expect(shown).toBe(national.replace(/(\d{2})(?=\d)/g, '$1 '));
        expect(normalisePhone(shown)).toBe(e164);
      }),
      { numRuns: 500 },
    );
  });

  it('normalising is idempotent for whatever it accepts', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[+0-9 .()-]{0,22}$/), (typed) => {
        const e164 = normalisePhone(typed);
        if (e164 !== undefined) expect(normalisePhone(e164)).toBe(e164);
      }),
      { numRuns: 1000 },
    );
  });
});
