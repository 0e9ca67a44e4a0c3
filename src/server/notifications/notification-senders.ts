import type { Db } from '../db/database.ts';
import { createDevInboxSender } from './dev-inbox.sender.ts';
import type { NotificationSenders } from './notification-channel.ts';
import { createSmsGatewaySender } from './sms-gateway.sender.ts';
import { createSmtpSender } from './smtp.sender.ts';

export interface NotificationSendersConfig {
  sms: { adapter: 'inbox' } | { adapter: 'gateway'; url: URL; token: string; sender: string; timeoutMs: number };
  email: { adapter: 'inbox' } | { adapter: 'smtp'; url: string; from: string };
}

/** The adapters the configuration asks for; the development inbox for whatever is not configured. */
export function createNotificationSenders(db: Db, config: NotificationSendersConfig): NotificationSenders {
  const inbox = createDevInboxSender(db);
  return {
    sms: config.sms.adapter === 'gateway' ? createSmsGatewaySender(config.sms) : inbox.sms,
    email: config.email.adapter === 'smtp' ? createSmtpSender(config.email) : inbox.email,
  };
}
