import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable } from 'kysely';
import type { Language } from '../../shared/languages.ts';
import type { ReadingMode } from '../../shared/reading.ts';

export const notificationChannels = ['sms', 'email'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/**
 * queued → sending → sent → delivered; sending → queued again (retry) or failed; sending → unknown
 * (the provider never answered) → sending again, reconciled with the provider before any resend.
 */
export type NotificationStatus = 'queued' | 'sending' | 'unknown' | 'sent' | 'delivered' | 'failed';

type Timestamp = ColumnType<Date, never, never>;
type SettableTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The outbox: one row per message to send, written in the same transaction as what caused it. */
export interface NotificationTable {
  id: Generated<string>;
  channel: NotificationChannel;
  recipient: string;
  template: string;
  language: Language;
  /** `easy` when the citizen reads easy-to-read text (FALC); null for the standard text. */
  reading: ColumnType<ReadingMode | null, ReadingMode | null | undefined, never>;
  params: JSONColumnType<Record<string, string | number>>;
  /** The citizen it concerns, when known; no foreign key so the outbox never blocks a deletion. */
  person_id: string | null;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  next_attempt_at: SettableTimestamp;
  /** When a worker took it: a row left in `sending` by a crashed worker is retaken after a lease. */
  claimed_at: ColumnType<Date | null, never, Date | string | null>;
  /** An error code (`gateway_http_503`), never a provider's message, which may quote the recipient. */
  last_error: ColumnType<string | null, never, string | null>;
  provider_message_id: ColumnType<string | null, never, string | null>;
  /** SMS only: what the message cost, counted on the text actually sent. */
  segments: ColumnType<number | null, never, number | null>;
  created_at: Timestamp;
  updated_at: ColumnType<Date, never, Date | string>;
}

/** Each status a message went through, with the error code that moved it there. */
export interface NotificationEventTable {
  id: Generated<string>;
  notification_id: string;
  status: NotificationStatus;
  detail: string | null;
  at: Timestamp;
}

/** What the development inbox adapter "sent": read on the /dev/inbox page instead of a phone. */
export interface DevInboxMessageTable {
  id: Generated<string>;
  channel: NotificationChannel;
  recipient: string;
  subject: string | null;
  text: string;
  created_at: Timestamp;
}

export type NotificationRow = Selectable<NotificationTable>;
export type NewNotification = Insertable<NotificationTable>;
