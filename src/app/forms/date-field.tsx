import { useTranslation } from '../i18n/use-translation.ts';
import { describedByIds, FieldNotes } from './field-notes.tsx';
import { fieldId } from './field-id.ts';
import type { FormState } from './use-form.ts';

interface DateFieldProps {
  form: FormState<unknown>;
  formId: string;
  /** The question's name; its boxes are `<name>.day`, `<name>.month`, `<name>.year`. */
  name: string;
  legend: string;
  hint?: string;
  /** `bday` for a birth date: each box then gets its own token. */
  autocomplete?: string;
  readOnly?: boolean;
  /** A date that may be left out: the legend says so, and no box is required. */
  optional?: boolean;
}

/** Day, month and year in three boxes (GOV.UK pattern): no date picker to fight on a small phone. */
export function DateField({ form, formId, name, legend, hint, autocomplete, readOnly, optional }: DateFieldProps) {
  const { t } = useTranslation();
  const id = fieldId(formId, name);
  const error = form.errors[name];
  const describedBy = describedByIds(id, hint, error);
  const parts = [
    { part: 'day', size: 2 },
    { part: 'month', size: 2 },
    { part: 'year', size: 4 },
  ] as const;
  return (
    <fieldset class={error ? 'field field--error' : 'field'} aria-describedby={describedBy} role="group">
      <legend>
        {legend}
        {optional && <span class="field__optional"> {t('common:form.optional')}</span>}
      </legend>
      <FieldNotes id={id} question={legend} hint={hint} error={error} />
      <div class="date-input">
        {parts.map(({ part, size }) => {
          const partName = `${name}.${part}`;
          const partId = part === 'day' ? id : `${id}-${part}`;
          return (
            <div class="date-input__item" key={part}>
              <label for={partId}>{t(`common:form.date.${part}`)}</label>
              <input
                id={partId}
                name={partName}
                type="text"
                inputMode="numeric"
                class={`input--chars-${size}`}
                value={form.values[partName] ?? ''}
                readOnly={readOnly}
                required={!optional && !readOnly}
                autoComplete={autocomplete === 'bday' ? `bday-${part}` : undefined}
                aria-invalid={error ? 'true' : undefined}
                onInput={(event) => form.setValue(partName, event.currentTarget.value)}
              />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
