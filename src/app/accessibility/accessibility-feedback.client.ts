import {
  accessibilityFeedbackUrl,
  type AccessibilityFeedback,
  type AccessibilityFeedbackReceived,
} from '../../shared/accessibility-feedback.ts';
import type { OutboxSubmission } from '../offline/submit-through-outbox.ts';

/** Through the outbox, loaded when the citizen sends (not with the page). */
export async function sendAccessibilityFeedback(
  feedback: AccessibilityFeedback,
  formValues: Record<string, string>,
  idempotencyKey: string,
): Promise<OutboxSubmission<AccessibilityFeedbackReceived>> {
  const { submitThroughOutbox } = await import('../offline/submit-through-outbox.ts');
  return submitThroughOutbox<AccessibilityFeedbackReceived>({
    key: idempotencyKey,
    kind: 'accessibility-feedback',
    url: accessibilityFeedbackUrl,
    body: { ...feedback },
    formValues,
  });
}
