import type * as v from 'valibot';
import { validate } from '../../shared/validation.ts';
import type { FormState } from './use-form.ts';

/**
 * For forms the browser posts itself (with or without JavaScript): lets the post go only when the
 * shared schema accepts the fields, shows the errors otherwise. It reads the form's fields
 * themselves, since a last keystroke may not be rendered into the form state yet.
 */
export function checkBeforePost(form: FormState<unknown>, schema: v.GenericSchema) {
  return (event: Event) => {
    const fields = Object.fromEntries(new FormData(event.currentTarget as HTMLFormElement));
    const result = validate(schema, fields);
    if (!result.ok) {
      event.preventDefault();
      form.setErrors(result.errors);
    }
  };
}
