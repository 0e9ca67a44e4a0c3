import { FieldNotes } from '../forms/field-notes.tsx';
import { fieldId } from '../forms/field-id.ts';
import type { FormState } from '../forms/use-form.ts';

interface FileFieldProps {
  form: FormState<unknown>;
  formId: string;
  name: string;
  label: string;
  hint?: string;
  onFile: (file: File | undefined) => void;
}

/** A file to send, with the same label, hint and error as every field of the form engine. */
export function FileField({ form, formId, name, label, hint, onFile }: FileFieldProps) {
  const id = fieldId(formId, name);
  const error = form.errors[name];
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{label}</label>
      <FieldNotes id={id} question={label} hint={hint} error={error} />
      <input
        id={id}
        name={name}
        type="file"
        accept="application/pdf,image/jpeg,image/png,image/webp,image/heic,.heic"
        // Built here rather than with describedByIds: every public page loads the forms chunk, whose exports stay as they are.
        aria-describedby={[hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined}
        aria-invalid={error ? 'true' : undefined}
        onChange={(event) => {
          onFile(event.currentTarget.files?.[0]);
          if (form.errors[name]) form.setErrors(Object.fromEntries(Object.entries(form.errors).filter(([field]) => field !== name)));
        }}
      />
    </div>
  );
}
