import * as v from 'valibot';
import { optionalText, plainText } from './validation.ts';

/**
 * What a citizen tells us about an accessibility problem (the statement's "feedback and contact"):
 * what went wrong, where, and how to answer them if they want an answer.
 */
export const accessibilityFeedbackSchema = v.object({
  message: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    plainText('multi'),
    v.nonEmpty('accessibility:feedback.errors.message_required'),
    v.maxLength(2000, 'accessibility:feedback.errors.message_too_long'),
  ),
  page: optionalText(200, 'accessibility:feedback.errors.page_too_long'),
  contact: optionalText(200, 'accessibility:feedback.errors.contact_too_long'),
});

export type AccessibilityFeedback = v.InferOutput<typeof accessibilityFeedbackSchema>;

export const accessibilityFeedbackUrl = '/api/accessibility-feedback';

/** The answer once it is stored: nothing to quote, only that it was received. */
export interface AccessibilityFeedbackReceived {
  received: true;
}
