import { useEffect } from 'preact/hooks';
import type { FormState } from './use-form.ts';

/**
 * For a form whose code arrives after the page (`hydrateAfterLoad`): hydration leaves the fields
 * as the citizen typed them, so their words are read back into the form state, never lost.
 */
export function useTypedValues(form: FormState<unknown>, formId: string): void {
  useEffect(() => {
    const element = document.getElementById(formId);
    if (!(element instanceof HTMLFormElement)) return;
    for (const [name, value] of new FormData(element)) {
      // The CSRF token and idempotency key are the page's, not the citizen's.
      if (typeof value === 'string' && !name.startsWith('_') && value !== (form.values[name] ?? '')) form.setValue(name, value);
    }
  }, []);
}
