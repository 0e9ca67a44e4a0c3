import type { Language } from '../../shared/languages.ts';
import type { ReadingMode } from '../../shared/reading.ts';
import { findReadingChoice } from '../account/person.repository.ts';
import { countSmsSegments, maxSmsSegments } from '../../shared/sms-segments.ts';
import type { Db } from '../db/database.ts';
import { renderNotification, TemplateError, type NotificationTemplate, type NotificationTemplates } from './notification-templates.ts';
import { insertNotification } from './notification.repository.ts';
import type { NewNotification, NotificationChannel } from './notification.table.ts';

/** A message to send. `to` is an E.164 phone number for SMS, an e-mail address for e-mail. */
export interface NotificationMessage<T extends NotificationTemplate> {
  channel: NotificationChannel;
  to: string;
  template: T;
  language: Language;
  /** Easy-to-read text or not; when absent, the reading choice on the account of `personId`. */
  reading?: ReadingMode;
  params: NotificationTemplates[T];
  /** The citizen it concerns, to list what they were sent (and to write to them as they read). */
  personId?: string;
  /** Not before this moment (a reminder the day before); now when absent. */
  sendAt?: Date;
}

export type NotificationErrorCode = 'invalid_recipient' | 'too_many_segments' | TemplateError['code'];

/** The message cannot be sent as asked; nothing was queued. The code is safe to log. */
export class NotificationError extends Error {
  constructor(readonly code: NotificationErrorCode) {
    super(`Notification refused: ${code}`);
  }
}

const e164 = /^\+[1-9]\d{7,14}$/;
const emailAddress = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Puts a message in the outbox; the worker sends it. Give it the caller's transaction so the
 * message exists if and only if the change it tells about was committed.
 *
 * The text is rendered now, so a missing parameter, an unknown template or an SMS longer than
 * `maxSmsSegments` (counted before any accent folding) throws a `NotificationError` at the call
 * site rather than failing later in the worker.
 */
export async function queueNotification<T extends NotificationTemplate>(db: Db, message: NotificationMessage<T>): Promise<{ id: string }> {
  const reading = message.reading ?? (message.personId ? await findReadingChoice(db, message.personId) : null) ?? 'standard';
  return insertNotification(db, notificationRow({ ...message, reading }));
}

/**
 * The outbox row `queueNotification` inserts, checked the same way, for a caller that inserts it
 * within a larger statement (and so says how the citizen reads: standard text when it does not).
 */
export function notificationRow<T extends NotificationTemplate>(message: NotificationMessage<T>): NewNotification {
  const pattern = message.channel === 'sms' ? e164 : emailAddress;
  if (!pattern.test(message.to)) throw new NotificationError('invalid_recipient');
  const reading = message.reading ?? 'standard';
  let text: string;
  try {
    text = renderNotification(message.channel, message.template, message.language, message.params, reading).text;
  } catch (error) {
    if (error instanceof TemplateError) throw new NotificationError(error.code);
    throw error;
  }
  if (message.channel === 'sms' && countSmsSegments(text).segments > maxSmsSegments) {
    throw new NotificationError('too_many_segments');
  }
  return {
    channel: message.channel,
    recipient: message.to,
    template: message.template,
    language: message.language,
    reading: reading === 'easy' ? 'easy' : null,
    params: JSON.stringify(message.params),
    person_id: message.personId ?? null,
    ...(message.sendAt ? { next_attempt_at: message.sendAt } : {}),
  };
}
