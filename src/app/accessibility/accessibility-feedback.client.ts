import {
  accessibilityFeedbackUrl,
  type AccessibilityFeedback,
  type AccessibilityFeedbackReceived,
} from '../../shared/accessibility-feedback.ts';
import type { OutboxSubmission } from '../offline/submit-through-outbox.ts';

/** Through the outbox (kept on the device counts as sent, `saved` set), loaded when the citizen sends (not with the page). */
export async function sendAccessibilityFeedback(
  feedback: AccessibilityFeedback,
  formValues: Record<string, string>,
  idempotencyKey: string,
  /** The outbox entry this sends again, opened from "needs your attention". */
  replaces?: string,
): Promise<OutboxSubmission<AccessibilityFeedbackReceived>> {
  const { savedAsSent, submitThroughOutbox } = await import('../offline/submit-through-outbox.ts');
  const submission = await submitThroughOutbox<AccessibilityFeedbackReceived>(
    {
      key: idempotencyKey,
      kind: 'accessibility-feedback',
      url: accessibilityFeedbackUrl,
      body: { ...feedback },
      formValues,
    },
    replaces,
  );
  return savedAsSent(submission, { received: true });
}
