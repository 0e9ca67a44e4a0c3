import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import { smsReceiptPath } from '../../src/server/notifications/delivery-receipt.routes.ts';
import { createNotificationSenders } from '../../src/server/notifications/notification-senders.ts';
import { findNotification, listNotificationEvents } from '../../src/server/notifications/notification.repository.ts';
import { queueNotification } from '../../src/server/notifications/notification.service.ts';
import { createNotificationWorker } from '../../src/server/notifications/notification.worker.ts';
import type { DevInboxResponse } from '../../src/shared/notifications.ts';
import { startFakeSmsGateway, type FakeSmsGateway } from '../support/fake-sms-gateway.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseKinds } from '../support/test-database.ts';

describe.each(databaseKinds)('notification routes on %s', (kind) => {
  describe('the development inbox', () => {
    let test: TestApp;

    beforeAll(async () => {
      test = await createTestApp(kind);
    });
    afterAll(() => test.close());

    it('lists what the inbox adapter sent, newest first, never cached', async () => {
      const senders = createNotificationSenders(test.database.db, test.config.notifications.senders);
      for (const code of ['111111', '222222']) {
        await queueNotification(test.database.db, {
          channel: 'sms',
          to: '+33612345678',
          template: 'phone_verification_code',
          language: 'fr',
          params: { code, minutes: 15 },
        });
        await createNotificationWorker(test.database.db, senders, test.config.notifications.worker).runOnce();
      }
      const response = await test.app.inject({ method: 'GET', url: '/api/dev/inbox' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const { messages } = response.json<DevInboxResponse>();
      expect(messages.map((message) => /code est (\d+)/.exec(message.text)?.[1])).toEqual(['222222', '111111']);
      expect(messages[0]).toMatchObject({ channel: 'sms', to: '+33612345678', subject: null, sentAt: expect.any(String) });
    });

    it('serves its page', async () => {
      const response = await test.app.inject({ method: 'GET', url: '/dev/inbox' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Boîte de réception de démonstration</h1>');
      expect(response.body).toContain('SMS au 06 12 34 56 78');
      expect(response.body).toContain('2 messages, le plus récent en premier.');
    });
  });

  it.each([
    // Production needs an identity provider; the development one is let in explicitly here.
    [
      'in production',
      {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://guichet.example.fr',
        DEV_IDP_ENABLED: 'true',
        DOCUMENT_MASTER_KEY: 'Z3VpY2hldC10ZXN0LW1hc3Rlci1rZXktMzItYnl0ZXM=',
      },
    ],
    [
      'when real adapters carry both channels',
      { SMS_GATEWAY_URL: 'http://127.0.0.1:9/messages', SMS_GATEWAY_TOKEN: 'secret', SMTP_URL: 'smtp://127.0.0.1:9' },
    ],
  ])('the development inbox does not exist %s', async (_name, environment) => {
    const test = await createTestApp(kind, environment);
    try {
      expect((await test.app.inject({ method: 'GET', url: '/api/dev/inbox' })).statusCode).toBe(404);
      expect((await test.app.inject({ method: 'GET', url: '/dev/inbox' })).statusCode).toBe(404);
    } finally {
      await test.close();
    }
  });

  describe('SMS delivery receipts', () => {
    const receiptToken = 'receipt-token-0123456789abcdefghijklmnop';
    let test: TestApp;
    let gateway: FakeSmsGateway;

    beforeAll(async () => {
      gateway = await startFakeSmsGateway();
      test = await createTestApp(kind, {
        SMS_GATEWAY_URL: gateway.url,
        SMS_GATEWAY_TOKEN: 'secret',
        SMS_GATEWAY_RECEIPT_TOKEN: receiptToken,
      });
    });
    afterAll(async () => {
      await test.close();
      await gateway.close();
    });

    const sendOne = async () => {
      const { id } = await queueNotification(test.database.db, {
        channel: 'sms',
        to: '+33612345678',
        template: 'test_message',
        language: 'fr',
        params: {},
      });
      const senders = createNotificationSenders(test.database.db, test.config.notifications.senders);
      await createNotificationWorker(test.database.db, senders, test.config.notifications.worker).runOnce();
      const row = await findNotification(test.database.db, id);
      return { id, providerId: row?.provider_message_id ?? '' };
    };
    const receipt = (body: unknown, token = receiptToken) =>
      test.app.inject({
        method: 'POST',
        url: smsReceiptPath,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });

    it('marks a sent message delivered, with its event', async () => {
      const { id, providerId } = await sendOne();
      expect(providerId).toMatch(/^gw-/);
      const response = await receipt({ id: providerId, status: 'delivered' });
      expect(response.statusCode).toBe(204);
      expect(await findNotification(test.database.db, id)).toMatchObject({ status: 'delivered', last_error: null });
      expect((await listNotificationEvents(test.database.db, id)).map((event) => event.status)).toEqual([
        'queued',
        'sending',
        'sent',
        'delivered',
      ]);
      // Once settled, the same receipt again finds nothing to change.
      expect((await receipt({ id: providerId, status: 'delivered' })).statusCode).toBe(404);
    });

    it('marks a message the network could not deliver as failed, with the gateway’s code', async () => {
      const { id, providerId } = await sendOne();
      expect((await receipt({ id: providerId, status: 'failed', error: 'absent_subscriber' })).statusCode).toBe(204);
      expect(await findNotification(test.database.db, id)).toMatchObject({ status: 'failed', last_error: 'gateway_absent_subscriber' });
    });

    it('refuses a receipt without the shared token, whatever else it carries', async () => {
      const { id, providerId } = await sendOne();
      expect((await receipt({ id: providerId, status: 'delivered' }, 'guessed')).statusCode).toBe(401);
      const anonymous = await test.app.inject({ method: 'POST', url: smsReceiptPath, payload: { id: providerId, status: 'delivered' } });
      expect(anonymous.statusCode).toBe(401);
      expect((await findNotification(test.database.db, id))?.status).toBe('sent');
    });

    it('answers 404 for an unknown message and 422 for a malformed receipt', async () => {
      expect((await receipt({ id: 'gw-unknown', status: 'delivered' })).statusCode).toBe(404);
      const malformed = await receipt({ id: 'gw-1', status: 'read' });
      expect(malformed.statusCode).toBe(422);
      expect(malformed.json()).toMatchObject({ error: 'validation' });
    });
  });
});

describe('notification configuration', () => {
  const problems = (environment: Record<string, string>) => {
    try {
      loadConfig({ NODE_ENV: 'test', ...environment });
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it('uses the development inbox and sensible defaults when nothing is set', () => {
    const { notifications } = loadConfig({ NODE_ENV: 'test' });
    expect(notifications).toMatchObject({
      senders: { sms: { adapter: 'inbox' }, email: { adapter: 'inbox' } },
      workerEnabled: true,
      worker: { maxAttempts: 6, retryBaseMs: 30_000, foldAccents: false },
      receiptToken: undefined,
      devInbox: true,
    });
  });

  it('names the variable to fix, without repeating a secret', () => {
    expect(problems({ SMS_GATEWAY_URL: 'https://sms.example.fr/messages' })).toEqual([
      'SMS_GATEWAY_TOKEN must be set when SMS_GATEWAY_URL is',
    ]);
    expect(problems({ NODE_ENV: 'production', SMS_GATEWAY_URL: 'http://sms.example.fr/messages', SMS_GATEWAY_TOKEN: 'x' })).toEqual([
      'SMS_GATEWAY_URL must use https in production: the messages carry verification codes',
    ]);
    const short = problems({ SMS_GATEWAY_URL: 'https://sms.example.fr', SMS_GATEWAY_TOKEN: 'x', SMS_GATEWAY_RECEIPT_TOKEN: 'hunter2' });
    expect(short).toEqual(['SMS_GATEWAY_RECEIPT_TOKEN must be at least 32 characters (a random secret shared with the gateway)']);
    expect(problems({ SMTP_URL: 'http://user:pa55word@mail.example.fr' }).join()).not.toContain('pa55word');
    expect(problems({ SMS_FOLD_ACCENTS: 'maybe', SMS_SENDER: 'Guichet de la mairie' })).toEqual([
      'SMS_SENDER must be 1 to 11 letters or digits (an alphanumeric sender id) (got "Guichet de la mairie")',
      'SMS_FOLD_ACCENTS must be true or false (got "maybe")',
    ]);
  });

  it('takes the real adapters when configured', () => {
    const { notifications } = loadConfig({
      NODE_ENV: 'test',
      SMS_GATEWAY_URL: 'https://sms.example.fr/messages',
      SMS_GATEWAY_TOKEN: 'secret',
      SMTP_URL: 'smtps://guichet:secret@mail.example.fr',
      PUBLIC_URL: 'https://guichet.example.fr',
      SMS_FOLD_ACCENTS: 'true',
    });
    expect(notifications.senders).toMatchObject({
      sms: { adapter: 'gateway', token: 'secret', sender: 'Guichet' },
      email: { adapter: 'smtp', from: 'Guichet <no-reply@guichet.example.fr>' },
    });
    expect(notifications.worker.foldAccents).toBe(true);
    expect(notifications.devInbox).toBe(false);
  });
});
