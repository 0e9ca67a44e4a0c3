import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDistance, formatInstantDate, formatNumber, formatWeekday } from './format.ts';

// Intl puts narrow no-break spaces in some languages' numbers and times: compared as plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('the shared formatter', () => {
  it('writes dates out in the page language, never inventing a day or month', () => {
    expect(formatDate('fr', '1938-01-20')).toBe('20 janvier 1938');
    expect(formatDate('fr', '1972-06')).toBe('juin 1972');
    expect(formatDate('fr', '1950')).toBe('1950');
    expect(formatDate('en', '1938-01-20')).toBe('January 20, 1938');
    expect(formatDate('de', '1938-01-20')).toBe('20. Januar 1938');
    expect(formatDate('ar', '1938-01-20')).toMatch(/يناير/);
    expect(formatDate('ar', '1938-01-20')).not.toContain('1938-01-20');
    expect(formatDate('fr', 'not a date')).toBe('not a date');
  });

  it('reads a calendar day as that day wherever the machine is, and an instant in Paris time', () => {
    expect(formatWeekday('fr', '2026-11-30')).toBe('lundi 30 novembre');
    expect(formatWeekday('en', '2026-11-30')).toBe('Monday, November 30');
    // 23:30 UTC on 3 December is already 4 December, 00:30, in Paris.
    expect(formatInstantDate('fr', '2026-12-03T23:30:00Z')).toBe('4 décembre 2026');
    expect(plain(formatDateTime('fr', '2026-12-03T13:05:00Z'))).toBe('3 décembre 2026 à 14:05');
    expect(plain(formatDateTime('en', Date.UTC(2026, 11, 3, 13, 5)))).toBe('December 3, 2026 at 2:05 PM');
  });

  it('writes numbers and distances with the page language separators and unit', () => {
    expect(plain(formatDistance('fr', 0.5))).toBe('0,5 km');
    expect(plain(formatDistance('en', 0.5))).toBe('0.5 km');
    expect(plain(formatDistance('fr', 12.34))).toBe('12 km');
    expect(formatDistance('ar', 0.5)).toMatch(/كم/);
    expect(plain(formatNumber('fr', 1234.56))).toBe('1 234,6');
    expect(formatNumber('en', 1234.56)).toBe('1,234.6');
    expect(formatNumber('de', 0.5)).toBe('0,5');
  });
});
