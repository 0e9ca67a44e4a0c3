// Kept apart from validation.ts (and valibot): every page's form fields read it before any schema loads.

/**
 * A field error that names its question, so an error summary never repeats "Answer this question"
 * four times: the message's key and the key of the question's label, joined by `|`
 * (`procedures:errors.required|procedures:school-canteen.questions.school.label`). Pages translate
 * it with `fieldErrorText`, which hands the label to the message as `{{question}}`.
 */
export function namedFieldError(messageKey: string, labelKey: string): string {
  return `${messageKey}|${labelKey}`;
}

/** The two keys of a field error: the message's, and the label's when the error names its question. */
export function fieldErrorKeys(message: string): { message: string; label?: string } {
  const [key = message, label] = message.split('|');
  return label ? { message: key, label } : { message: key };
}
