import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { createNotificationSenders } from '../../src/server/notifications/notification-senders.ts';
import { findNotification } from '../../src/server/notifications/notification.repository.ts';
import { queueNotification } from '../../src/server/notifications/notification.service.ts';
import { createNotificationWorker } from '../../src/server/notifications/notification.worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('e-mail through SMTP', () => {
  let database: TestDatabase;
  let smtp: SMTPServer;
  let port = 0;
  const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
  /** SMTP reply codes to refuse the next recipients with. */
  const refuseNext: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const code = refuseNext.shift();
        if (code === undefined) return callback();
        callback(Object.assign(new Error(`Refused ${address.address}`), { responseCode: code }));
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await database.drop();
  });
  beforeEach(() => {
    received.length = 0;
  });

  const sendAll = async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Mairie de Guichet <mairie@guichet.example>',
    });
    const senders = createNotificationSenders(database.db, config.notifications.senders);
    try {
      await createNotificationWorker(database.db, senders, config.notifications.worker).runOnce();
    } finally {
      await senders.email.close?.();
    }
  };

  it('delivers a plain-text mail in the citizen’s language, from MAIL_FROM', async () => {
    const { id } = await queueNotification(database.db, {
      channel: 'email',
      to: 'zoe.lefevre@example.fr',
      template: 'dossier_status_changed',
      language: 'fr',
      params: { reference: 'DOS-2026-000123', status: 'accepted' },
    });
    await sendAll();
    expect(received).toHaveLength(1);
    const { envelopeTo, mail } = received[0] ?? { envelopeTo: [], mail: undefined };
    expect(envelopeTo).toEqual(['zoe.lefevre@example.fr']);
    expect(mail?.from?.value).toEqual([{ address: 'mairie@guichet.example', name: 'Mairie de Guichet' }]);
    expect(mail?.subject).toBe('Votre dossier DOS-2026-000123 a changé');
    expect(mail?.text?.trimEnd()).toBe(
      'Bonjour,\n\nVotre dossier DOS-2026-000123 est maintenant « accepté ».\nVous trouverez les détails dans votre espace Guichet.',
    );
    expect(mail?.html).toBe(false);
    const row = await findNotification(database.db, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, segments: null });
    expect(row?.provider_message_id).toBe(mail?.messageId);
  });

  it('retries a temporary refusal (4xx) later and fails a permanent one (5xx) at once', async () => {
    refuseNext.push(451);
    const temporary = await queueNotification(database.db, {
      channel: 'email',
      to: 'greylisted@example.fr',
      template: 'test_message',
      language: 'en',
      params: {},
    });
    await sendAll();
    expect(await findNotification(database.db, temporary.id)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'smtp_451' });

    refuseNext.push(550);
    const permanent = await queueNotification(database.db, {
      channel: 'email',
      to: 'nobody@example.fr',
      template: 'test_message',
      language: 'en',
      params: {},
    });
    await sendAll();
    expect(await findNotification(database.db, permanent.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'smtp_550' });

    // The retry comes due: the greylisting server takes it this time.
    await database.db.updateTable('notification').set({ next_attempt_at: new Date() }).where('id', '=', temporary.id).execute();
    await sendAll();
    expect(await findNotification(database.db, temporary.id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(received.map((entry) => entry.envelopeTo)).toEqual([['greylisted@example.fr']]);
  });
});
