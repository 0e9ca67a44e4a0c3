import { fieldErrorKeys } from '../../shared/field-error.ts';
import type { useTranslation } from '../i18n/use-translation.ts';

type Translate = ReturnType<typeof useTranslation>['t'];

/**
 * A field error as the citizen reads it, naming its question when the error carries one
 * (`namedFieldError`): the question's own wording when it has one, else the message's `_named`
 * variant (i18next context) with `{{question}}`.
 */
export function fieldErrorText(t: Translate, error: string): string {
  const { message, label } = fieldErrorKeys(error);
  if (!label) return t(message);
  // A question may word a message its own way ("Indiquez votre date de naissance"), beside its label.
  const own = label.endsWith('.label') ? `${label.slice(0, -'.label'.length)}.errors.${message.split('.').pop() ?? ''}` : undefined;
  return t(own ? [own, message] : message, { context: 'named', question: t(label) });
}
