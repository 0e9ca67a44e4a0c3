import type { Language } from '../../shared/languages.ts';
import english from '../../../locales/en/visit.json' with { type: 'json' };
import french from '../../../locales/fr/visit.json' with { type: 'json' };

const strings = { fr: french, en: english };

/** The calendar event's words, from the same locale files as the pages. */
export function visitCalendarText(language: Language, serviceId: string) {
  const visit = strings[language];
  const services: Record<string, string> = visit.services;
  const service = services[serviceId] ?? serviceId;
  return {
    summary: visit.calendar.summary.replace('{{service}}', service),
    description: (reference: string) => visit.calendar.description.replace('{{reference}}', reference),
  };
}
