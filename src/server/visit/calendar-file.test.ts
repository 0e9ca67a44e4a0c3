import { describe, expect, it } from 'vitest';
import { calendarFile, type CalendarEvent } from './calendar-file.ts';

const event: CalendarEvent = {
  uid: '3f1c0a52-8d4e-4f35-9a57-0f4b1d1e2c33@guichet.example.fr',
  stamp: new Date('2026-11-26T10:15:00Z'),
  startsAt: new Date('2026-11-30T08:00:00Z'),
  endsAt: new Date('2026-11-30T08:30:00Z'),
  summary: 'Rendez-vous : carte d’identité',
  location: 'Mairie de Limoges, 9 place Léon-Betoulle, 87000 Limoges',
  description: 'Référence RDV-7K4Q-9XZ2; apportez une photo\net l’ancienne carte',
  url: 'https://guichet.example.fr/visit/appointment/abc',
  cancelled: false,
};

describe('calendarFile (RFC 5545)', () => {
  const text = calendarFile(event);
  const unfolded = text.replace(/\r\n /g, '');
  const lines = unfolded.split('\r\n');

  it('ends every line with CRLF and never has a bare LF', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('has the required properties, times in UTC', () => {
    expect(lines.slice(0, 2)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0']);
    expect(lines).toContain('PRODID:-//Guichet//Counter visits//FR');
    expect(lines).toContain(`UID:${event.uid}`);
    expect(lines).toContain('DTSTAMP:20261126T101500Z');
    expect(lines).toContain('DTSTART:20261130T080000Z');
    expect(lines).toContain('DTEND:20261130T083000Z');
    expect(lines).toContain('STATUS:CONFIRMED');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
  });

  it('escapes commas, semicolons and new lines in text', () => {
    expect(lines).toContain('LOCATION:Mairie de Limoges\\, 9 place Léon-Betoulle\\, 87000 Limoges');
    expect(lines).toContain('DESCRIPTION:Référence RDV-7K4Q-9XZ2\\; apportez une photo\\net l’ancienne carte');
  });

  it('folds lines longer than 75 octets without splitting a character', () => {
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const long = calendarFile({ ...event, description: 'é'.repeat(100) });
    for (const line of long.split('\r\n')) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(long.replace(/\r\n /g, '')).toContain(`DESCRIPTION:${'é'.repeat(100)}`);
  });

  it('marks a cancelled visit so calendars remove it', () => {
    const cancelled = calendarFile({ ...event, cancelled: true });
    expect(cancelled).toContain('STATUS:CANCELLED');
  });
});
