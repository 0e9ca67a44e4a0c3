import { formatNumber } from '../../shared/format.ts';
import type { useTranslation } from '../i18n/use-translation.ts';

type Translate = ReturnType<typeof useTranslation>['t'];

/** "1,4 MB", "820 KB": sizes as people read them, in their language. */
export function formatSize(t: Translate, language: string, bytes: number): string {
  const number = (value: number) => formatNumber(language, value);
  if (bytes < 1024) return t('documents:sizes.bytes', { value: number(bytes) });
  if (bytes < 1024 * 1024) return t('documents:sizes.kilobytes', { value: number(bytes / 1024) });
  return t('documents:sizes.megabytes', { value: number(bytes / (1024 * 1024)) });
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
