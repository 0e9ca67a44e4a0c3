import type { useTranslation } from '../i18n/use-translation.ts';

type Translate = ReturnType<typeof useTranslation>['t'];

/** "1,4 MB", "820 KB": sizes as people read them, in their language. */
export function formatSize(t: Translate, language: string, bytes: number): string {
  const number = (value: number) => new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return t('documents:sizes.bytes', { value: number(bytes) });
  if (bytes < 1024 * 1024) return t('documents:sizes.kilobytes', { value: number(bytes / 1024) });
  return t('documents:sizes.megabytes', { value: number(bytes / (1024 * 1024)) });
}

/** A YYYY-MM-DD date written out ("31 December 2027"), read as a calendar day wherever the phone is. */
export function formatDay(language: string, day: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

const refusals = new Set([
  'document_type_refused',
  'document_type_mismatch',
  'document_too_large',
  'document_infected',
  'document_empty',
  'validation',
]);

/** The server's refusal of an upload, as the sentence the citizen reads (an i18n key). */
export function uploadErrorKey(code: string): string {
  return refusals.has(code) ? `documents:errors.${code}` : 'documents:errors.unexpected';
}
