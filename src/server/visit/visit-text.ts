import type { Language } from '../../shared/languages.ts';
import arabic from '../../../locales/ar/visit.json' with { type: 'json' };
import german from '../../../locales/de/visit.json' with { type: 'json' };
import english from '../../../locales/en/visit.json' with { type: 'json' };
import spanish from '../../../locales/es/visit.json' with { type: 'json' };
import french from '../../../locales/fr/visit.json' with { type: 'json' };
import dutch from '../../../locales/nl/visit.json' with { type: 'json' };

const strings: Record<Language, Pick<typeof french, 'services' | 'calendar'>> = {
  fr: french,
  en: english,
  nl: dutch,
  de: german,
  es: spanish,
  ar: arabic,
};

/** The calendar event's words, from the same locale files as the pages. */
export function visitCalendarText(language: Language, serviceId: string) {
  const visit = strings[language];
  const services: Record<string, string> = visit.services;
  const service = services[serviceId] ?? serviceId;
  return {
    summary: visit.calendar.summary.replace('{{service}}', () => service),
    description: (reference: string) => visit.calendar.description.replace('{{reference}}', () => reference),
  };
}
