import { describedByIds, FieldNotes } from './field-notes.tsx';
import { fieldId } from './field-id.ts';
import type { FormState } from './use-form.ts';

interface CheckboxGroupProps {
  form: FormState<unknown>;
  formId: string;
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
}

/** Several answers to one question; the form keeps them as one field, values joined by commas. */
export function CheckboxGroup({ form, formId, name, legend, hint, options }: CheckboxGroupProps) {
  const id = fieldId(formId, name);
  const error = form.errors[name];
  const chosen = (form.values[name] ?? '').split(',').filter(Boolean);
  const describedBy = describedByIds(id, hint, error);
  const toggle = (value: string, checked: boolean) => {
    const next = options.map((option) => option.value).filter((option) => (option === value ? checked : chosen.includes(option)));
    form.setValue(name, next.join(','));
  };
  return (
    <fieldset class={error ? 'field field--error' : 'field'} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      <FieldNotes id={id} question={legend} hint={hint} error={error} alsoRead={options.map((option) => option.label)} />
      <div class="radios">
        {options.map((option, index) => {
          const optionId = index === 0 ? id : `${id}-${option.value}`;
          return (
            <div class="radio" key={option.value}>
              <input
                id={optionId}
                type="checkbox"
                name={name}
                value={option.value}
                checked={chosen.includes(option.value)}
                onChange={(event) => toggle(option.value, event.currentTarget.checked)}
              />
              <label for={optionId}>{option.label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
