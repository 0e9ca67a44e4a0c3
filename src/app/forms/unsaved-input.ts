/**
 * Which forms on screen hold input not yet sent. The update prompt reads it, so a new version of
 * the app never reloads the page over what a citizen is typing.
 */
const dirtyForms = new Set<symbol>();

export const unsavedInput = {
  set(form: symbol, dirty: boolean): void {
    if (dirty) dirtyForms.add(form);
    else dirtyForms.delete(form);
  },
  any(): boolean {
    return dirtyForms.size > 0;
  },
};
