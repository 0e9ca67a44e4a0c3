import { useTranslation } from '../i18n/use-translation.ts';
import { fieldErrorText } from './field-error.ts';
import { AfterLoad } from '../page/after-load.tsx';

interface FieldNotesProps {
  /** The field's id: its hint and error get ids built on it, which `describedBy` lists. */
  id: string;
  /** The question as the citizen reads it (label or legend), for the "Listen" button. */
  question: string;
  hint?: string | undefined;
  /** An i18n key from the shared schema, or the server's answer. */
  error?: string | undefined;
  /** What "Listen" reads beyond the question and hint (a choice's options). */
  alsoRead?: string[];
}

/** A text question's label, with "(optional)" when an answer may be left out. */
export function FieldLabel({ id, label, optional }: { id: string; label: string; optional?: boolean | undefined }) {
  const { t } = useTranslation();
  return (
    <label for={id}>
      {label}
      {optional && <span class="field__optional"> {t('common:form.optional')}</span>}
    </label>
  );
}

/**
 * What every question shows under its label, the same way everywhere: "Listen" (whose code loads
 * after the page), the hint, and the error, announced with a visually hidden prefix.
 */
export function FieldNotes({ id, question, hint, error, alsoRead = [] }: FieldNotesProps) {
  const { t } = useTranslation();
  return (
    <>
      <AfterLoad
        load={() => import('../reading/read-aloud.tsx')}
        props={{ question, text: () => [question, hint, ...alsoRead].filter(Boolean).join('. ') }}
        slot="read-aloud-question-slot"
      />
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          <span class="visually-hidden">{t('common:form.error_prefix')} </span>
          {fieldErrorText(t, error)}
        </p>
      )}
    </>
  );
}

/** The ids a field's `aria-describedby` lists: its hint and its error, when they are shown. */
export function describedByIds(id: string, hint: unknown, error: unknown, ...others: (string | false | undefined)[]): string | undefined {
  return [hint && `${id}-hint`, ...others, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}
