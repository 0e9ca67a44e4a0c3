import { describedByIds, FieldLabel, FieldNotes } from './field-notes.tsx';
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
  inputMode?: 'text' | 'tel' | 'email' | 'numeric' | 'decimal';
  /** Shown but not editable (identity the procedure freezes); still sent with the form. */
  readOnly?: boolean;
  /** A narrower box for short answers (a postcode, a number). */
  width?: 'short';
}

export function TextField({
  form,
  formId,
  name,
  label,
  hint,
  optional,
  type = 'text',
  autocomplete,
  inputMode,
  readOnly,
  width,
}: TextFieldProps) {
  const id = fieldId(formId, name);
  const error = form.errors[name];
  const describedBy = describedByIds(id, hint, error);
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <FieldLabel id={id} label={label} optional={optional} />
      <FieldNotes id={id} question={label} hint={hint} error={error} />
      <input
        id={id}
        name={name}
        type={type}
        list={undefined}
        class={width ? `input--${width}` : undefined}
        value={form.values[name] ?? ''}
        readOnly={readOnly}
        required={!optional && !readOnly}
        autoComplete={autocomplete}
        inputMode={inputMode}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(event) => form.setValue(name, event.currentTarget.value)}
      />
    </div>
  );
}
