import nodemailer from 'nodemailer';
import { DeliveryError, type EmailSender } from './notification-channel.ts';

/** E-mail through any SMTP server (`smtp://` or `smtps://` URL, credentials in it), plain text. */
export function createSmtpSender(options: { url: string; from: string }): EmailSender {
  // Bounded waits: a hung server must answer (or fail) well within the worker's lease.
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    async send({ to, subject, text }) {
      try {
        const info = await transport.sendMail({ from: options.from, to, subject, text });
        return { providerMessageId: info.messageId ?? null };
      } catch (error) {
        const responseCode = (error as { responseCode?: unknown }).responseCode;
        if (typeof responseCode === 'number') {
          // 4xx is "try again later" in SMTP; 5xx is final (unknown mailbox, refused).
          throw new DeliveryError(`smtp_${responseCode}`, responseCode < 500);
        }
        throw new DeliveryError('smtp_unreachable', true);
      }
    },
    async close() {
      transport.close();
    },
  };
}
