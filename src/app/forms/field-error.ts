import { fieldErrorKeys } from '../../shared/field-error.ts';
import type { useTranslation } from '../i18n/use-translation.ts';

type Translate = ReturnType<typeof useTranslation>['t'];

/**
 * A field error as the citizen reads it, naming its question when the error carries one
 * (`namedFieldError`): the message's `_named` variant (i18next context) holds `{{question}}`.
 */
export function fieldErrorText(t: Translate, error: string): string {
  const { message, label } = fieldErrorKeys(error);
  return label ? t(message, { context: 'named', question: t(label) }) : t(message);
}
