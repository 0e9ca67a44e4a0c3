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

/** Where a free-text field is typed: one line (`<input>`) or several (`<textarea>`). */
export type TextLines = 'single' | 'multi';

/**
 * Whether a text holds a character nobody types: a control character — C0 (NUL, escape…) and DEL,
 * invisible (PostgreSQL cannot even store NUL); tab, line feed and carriage return belong to
 * multi-line text — or half of a UTF-16 pair (a lone surrogate), which is not text at all and
 * which PostgreSQL's JSON refuses.
 */
export function hasForbiddenCharacter(text: string, lines: TextLines): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const lineBreakOrTab = code === 0x09 || code === 0x0a || code === 0x0d;
    if ((code < 0x20 && !(lines === 'multi' && lineBreakOrTab)) || code === 0x7f) return true;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(index + 1);
      if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
      index += 1;
    }
  }
  return false;
}

/**
 * The check every free-text field runs (after `v.trim()`, so a pasted trailing line break is not
 * refused): a control character is a translated field error, not a server failure.
 */
export function plainText(lines: TextLines = 'single') {
  return v.check((text: string) => !hasForbiddenCharacter(text, lines), 'common:errors.text_not_allowed');
}

/** A trimmed string; empty input becomes `undefined` so optional fields stay optional. */
export function optionalText(maxLength: number, tooLongKey: string, lines: TextLines = 'single') {
  return v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    plainText(lines),
    v.maxLength(maxLength, tooLongKey),
    v.transform((text) => (text === '' ? undefined : text)),
  );
}

/**
 * A code people copy from a card or a plate (a number plate "ab 123 cd", "AB.123-CD") as its
 * canonical form: upper case, and each run of spaces, dots or hyphens as one hyphen ("AB-123-CD").
 * Case and separators never change what such a code means, so they are never a reason to refuse it.
 */
export function normaliseCode(input: string): string {
  return input
    .trim()
    .toUpperCase()
    .replace(/[\s.\-‐-―]+/g, '-');
}

/** A French postcode as people type it ("87 000", " 87000"): spaces dropped, then five digits. */
export function frenchPostcode(messageKey: string) {
  return v.pipe(
    v.string(),
    v.transform((value) => value.replace(/\s/g, '')),
    v.regex(/^\d{5}$/, messageKey),
  );
}

/** One of a fixed list; a missing answer gets the same translated message as a wrong one. */
export function choice<const Options extends readonly string[]>(options: Options, messageKey: string) {
  return v.pipe(v.optional(v.string(), ''), v.picklist(options, messageKey));
}
