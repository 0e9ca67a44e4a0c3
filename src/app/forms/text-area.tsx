import { describedByIds, FieldLabel, FieldNotes } from './field-notes.tsx';
import { fieldId } from './field-id.ts';
import type { FormState } from './use-form.ts';

interface TextAreaProps {
  form: FormState<unknown>;
  formId: string;
  name: string;
  label: string;
  hint?: string;
  optional?: boolean;
}

/** A long answer: a few lines to explain, never a limit on pasting. */
export function TextArea({ form, formId, name, label, hint, optional }: TextAreaProps) {
  const id = fieldId(formId, name);
  const error = form.errors[name];
  const describedBy = describedByIds(id, hint, error);
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <FieldLabel id={id} label={label} optional={optional} />
      <FieldNotes id={id} question={label} hint={hint} error={error} />
      <textarea
        id={id}
        name={name}
        rows={5}
        required={!optional}
        value={form.values[name] ?? ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(event) => form.setValue(name, event.currentTarget.value)}
      />
    </div>
  );
}
