/** The id of a field's input (a radio group's first option), which error links point to. */
export function fieldId(formId: string, name: string): string {
  return `${formId}-${name}`;
}
