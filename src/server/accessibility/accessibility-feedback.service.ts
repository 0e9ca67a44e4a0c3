import type { AccessibilityFeedback, AccessibilityFeedbackReceived } from '../../shared/accessibility-feedback.ts';
import type { Language } from '../../shared/languages.ts';
import type { Db } from '../db/database.ts';
import { queueNotification } from '../notifications/notification.service.ts';
import { insertAccessibilityFeedback } from './accessibility-feedback.repository.ts';

interface Sender {
  language: Language;
  personId: string | null;
}

/**
 * Stores the feedback and, when the service has an accessibility contact, e-mails it to them (in
 * the same transaction: the message exists if and only if the feedback was stored).
 */
export async function receiveAccessibilityFeedback(
  db: Db,
  feedback: AccessibilityFeedback,
  sender: Sender,
  contactEmail: string | undefined,
): Promise<AccessibilityFeedbackReceived> {
  await insertAccessibilityFeedback(db, {
    message: feedback.message,
    page: feedback.page ?? null,
    contact: feedback.contact ?? null,
    language: sender.language,
    person_id: sender.personId,
  });
  if (contactEmail) {
    await queueNotification(db, {
      channel: 'email',
      to: contactEmail,
      template: 'accessibility_feedback',
      // The team reads French; the citizen's language is said in the message.
      language: 'fr',
      params: { message: feedback.message, page: feedback.page ?? '—', contact: feedback.contact ?? '—', language: sender.language },
    });
  }
  return { received: true };
}
