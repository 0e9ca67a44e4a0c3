import type { FormState } from '../forms/use-form.ts';
import { getOutboxEntry } from './outbox.ts';

/**
 * A form opened from "needs your attention": puts back what the citizen typed, kept on the device,
 * and what the server said of it. Loaded only then, so drawing a form never pays for it.
 */
export async function restoreFromOutbox(key: string, form: Pick<FormState<unknown>, 'setValue' | 'setErrors'>): Promise<void> {
  const entry = await getOutboxEntry(key);
  if (!entry) return;
  Object.entries(entry.formValues).forEach(([name, value]) => form.setValue(name, value));
  const fields = entry.attention?.kind === 'refused' ? entry.attention.error.fields : undefined;
  if (fields) form.setErrors(fields);
}
