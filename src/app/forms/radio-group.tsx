import { useTranslation } from '../i18n/use-translation.ts';
import { describedByIds, FieldNotes } from './field-notes.tsx';
import { fieldId } from './field-id.ts';
import type { FormState } from './use-form.ts';

interface RadioGroupProps {
  form: FormState<unknown>;
  formId: string;
  name: string;
  legend: string;
  hint?: string;
  /** An answer may be left out: the legend says so, and no radio is required. */
  optional?: boolean;
  /** `lang` when a label is in another language than the page (a language's own name: WCAG 3.1.2). */
  options: { value: string; label: string; hint?: string; lang?: string }[];
}

export function RadioGroup({ form, formId, name, legend, hint, optional, options }: RadioGroupProps) {
  const { t } = useTranslation();
  const id = fieldId(formId, name);
  const error = form.errors[name];
  const describedBy = describedByIds(id, hint, error);
  return (
    <fieldset class={error ? 'field field--error' : 'field'} aria-describedby={describedBy}>
      <legend>
        {legend}
        {optional && <span class="field__optional"> {t('common:form.optional')}</span>}
      </legend>
      <FieldNotes id={id} question={legend} hint={hint} error={error} alsoRead={options.map((option) => option.label)} />
      <div class="radios">
        {options.map((option, index) => {
          const optionId = index === 0 ? id : `${id}-${option.value}`;
          return (
            <div class="radio" key={option.value}>
              <input
                id={optionId}
                type="radio"
                name={name}
                value={option.value}
                checked={form.values[name] === option.value}
                required={!optional}
                aria-describedby={option.hint ? `${optionId}-hint` : undefined}
                onChange={() => form.setValue(name, option.value)}
              />
              <label for={optionId} lang={option.lang}>
                {option.label}
              </label>
              {option.hint && (
                <p class="field__hint radio__hint" id={`${optionId}-hint`}>
                  {option.hint}
                </p>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
