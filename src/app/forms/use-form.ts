import { useEffect, useState } from 'preact/hooks';
import type * as v from 'valibot';
import type { FieldErrors } from '../../shared/validation.ts';
import { unsavedInput } from './unsaved-input.ts';

export interface FormState<Output> {
  values: Record<string, string>;
  errors: FieldErrors;
  /** Bumped on each refused submit, so the error summary knows to take focus again. */
  attempt: number;
  setValue(name: string, value: string): void;
  setErrors(errors: FieldErrors): void;
  /** Starts again from empty fields (after the answers were sent or saved). */
  reset(): void;
  /** Validates with the shared schema; calls `onValid` with the parsed output, or shows the errors. */
  submit(onValid: (output: Output) => void | Promise<void>): (event: Event) => void;
}

/**
 * The form engine: values as the citizen typed them (strings, never lost), errors as i18n keys
 * from the same schema the server checks with. The schema may come as a loader: a public page
 * then draws and hydrates its form without it, and fetches it when the citizen first sends.
 */
export function useForm<S extends v.GenericSchema>(
  schema: S | (() => Promise<S>),
  initial: { values?: Record<string, string>; errors?: FieldErrors } = {},
  options: { onValuesChange?: (values: Record<string, string>) => void } = {},
): FormState<v.InferOutput<S>> {
  const [values, setValues] = useState<Record<string, string>>(initial.values ?? {});
  const [errors, setErrorsState] = useState<FieldErrors>(initial.errors ?? {});
  const [attempt, setAttempt] = useState(Object.keys(initial.errors ?? {}).length > 0 ? 1 : 0);
  const [identity] = useState(() => Symbol('form'));
  const dirty = Object.values(values).some((value) => value !== '');

  useEffect(() => {
    unsavedInput.set(identity, dirty);
    return () => unsavedInput.set(identity, false);
  }, [dirty]);

  const setErrors = (next: FieldErrors) => {
    setErrorsState(next);
    if (Object.keys(next).length > 0) setAttempt((count) => count + 1);
  };

  return {
    values,
    errors,
    attempt,
    setValue(name, value) {
      setValues((current) => {
        const next = { ...current, [name]: value };
        // Saved as typed (a draft in IndexedDB): a reload or a dead battery loses nothing.
        options.onValuesChange?.(next);
        return next;
      });
      if (errors[name]) setErrorsState(({ [name]: _fixed, ...rest }) => rest);
    },
    setErrors,
    reset() {
      setValues({});
      setErrorsState({});
    },
    submit(onValid) {
      return async (event: Event) => {
        event.preventDefault();
        const [{ validate }, checked] = await Promise.all([
          import('../../shared/validation.ts'),
          typeof schema === 'function' ? schema() : schema,
        ]);
        const result = validate(checked, values);
        if (!result.ok) {
          setErrors(result.errors);
          return;
        }
        setErrorsState({});
        void onValid(result.value);
      };
    },
  };
}
