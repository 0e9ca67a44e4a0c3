import type { Db } from '../db/database.ts';
import { insertDevInboxMessage } from './notification.repository.ts';
import type { EmailSender, SmsSender } from './notification-channel.ts';

/**
 * Development adapter for both channels: messages land in a table shown on /dev/inbox, so a
 * person trying the demo reads their code there instead of on a phone.
 */
export function createDevInboxSender(db: Db): { sms: SmsSender; email: EmailSender } {
  return {
    sms: {
      async send({ to, text }) {
        const { id } = await insertDevInboxMessage(db, { channel: 'sms', recipient: to, subject: null, text });
        return { providerMessageId: id };
      },
    },
    email: {
      async send({ to, subject, text }) {
        const { id } = await insertDevInboxMessage(db, { channel: 'email', recipient: to, subject, text });
        return { providerMessageId: id };
      },
    },
  };
}
