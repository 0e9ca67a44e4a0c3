import * as v from 'valibot';

/**
 * Field errors are i18n keys, never sentences: the browser and the server translate them into the
 * citizen's language, so a message is written once, in `locales/`.
 */
export type FieldErrors = Record<string, string>;

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Runs a shared schema and keeps the first error of each field, keyed by the field's name. */
export function validate<S extends v.GenericSchema>(schema: S, input: unknown): ValidationResult<v.InferOutput<S>> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const errors: FieldErrors = {};
  for (const issue of result.issues) {
    const field = issue.path?.map((item) => String(item.key)).join('.') ?? '_form';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A trimmed string; empty input becomes `undefined` so optional fields stay optional. */
export function optionalText(maxLength: number, tooLongKey: string) {
  return v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.maxLength(maxLength, tooLongKey),
    v.transform((text) => (text === '' ? undefined : text)),
  );
}

/** One of a fixed list; a missing answer gets the same translated message as a wrong one. */
export function choice<const Options extends readonly string[]>(options: Options, messageKey: string) {
  return v.pipe(v.optional(v.string(), ''), v.picklist(options, messageKey));
}
