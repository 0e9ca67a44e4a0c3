import { useTranslation } from '../i18n/use-translation.ts';
import { TextField } from './text-field.tsx';
import type { FormState } from './use-form.ts';

interface AddressFieldProps {
  form: FormState<unknown>;
  formId: string;
  /** The question's name; its lines are `<name>.line1`, `.line2`, `.postcode`, `.city`. */
  name: string;
  legend: string;
  hint?: string;
}

/** A French postal address, each line with its autocomplete token so phones fill it in one tap. */
export function AddressField({ form, formId, name, legend, hint }: AddressFieldProps) {
  const { t } = useTranslation();
  return (
    <fieldset class="field">
      <legend>{legend}</legend>
      {hint && <p class="field__hint">{hint}</p>}
      <TextField form={form} formId={formId} name={`${name}.line1`} label={t('common:form.address.line1')} autocomplete="address-line1" />
      <TextField
        form={form}
        formId={formId}
        name={`${name}.line2`}
        label={t('common:form.address.line2')}
        autocomplete="address-line2"
        optional
      />
      <TextField
        form={form}
        formId={formId}
        name={`${name}.postcode`}
        label={t('common:form.address.postcode')}
        autocomplete="postal-code"
        inputMode="numeric"
        width="short"
      />
      <TextField form={form} formId={formId} name={`${name}.city`} label={t('common:form.address.city')} autocomplete="address-level2" />
    </fieldset>
  );
}
