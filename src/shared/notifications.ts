import * as v from 'valibot';
import { plainText } from './validation.ts';

export const devInboxApiPath = '/api/dev/inbox';

/** A message the development inbox "sent", as the /dev/inbox page shows it. */
export interface DevInboxMessage {
  id: string;
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  text: string;
  /** ISO 8601. */
  sentAt: string;
}

export interface DevInboxResponse {
  messages: DevInboxMessage[];
}

/**
 * A delivery receipt from the SMS gateway: the id it answered when it took the message, and what
 * became of it. `error` is the gateway's own short code (`absent_subscriber`), kept as given.
 */
export const smsReceiptSchema = v.object({
  id: v.pipe(v.string(), v.nonEmpty(), plainText(), v.maxLength(200)),
  status: v.picklist(['delivered', 'failed']),
  error: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,40}$/))),
});
