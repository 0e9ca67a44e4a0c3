import { useTranslation } from '../i18n/use-translation.ts';
import { ReadAloudQuestion } from '../reading/read-aloud.tsx';
import { fieldId } from './field-id.ts';
import type { FormState } from './use-form.ts';

interface TextFieldProps {
  form: FormState<unknown>;
  formId: string;
  name: string;
  label: string;
  hint?: string;
  optional?: boolean;
  type?: 'text' | 'tel' | 'email';
  autocomplete?: string;
  inputMode?: 'text' | 'tel' | 'email' | 'numeric';
}

export function TextField({ form, formId, name, label, hint, optional, type = 'text', autocomplete, inputMode }: TextFieldProps) {
  const { t } = useTranslation();
  const id = fieldId(formId, name);
  const error = form.errors[name];
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>
        {label}
        {optional && <span class="field__optional"> {t('common:form.optional')}</span>}
      </label>
      <ReadAloudQuestion question={label} text={() => [label, hint].filter(Boolean).join('. ')} />
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          <span class="visually-hidden">{t('common:form.error_prefix')} </span>
          {t(error)}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        list={undefined}
        value={form.values[name] ?? ''}
        autoComplete={autocomplete}
        inputMode={inputMode}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(event) => form.setValue(name, event.currentTarget.value)}
      />
    </div>
  );
}
