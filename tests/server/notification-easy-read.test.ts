import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertPerson, updateReadingPreferences } from '../../src/server/account/person.repository.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createNotificationSenders } from '../../src/server/notifications/notification-senders.ts';
import { findNotification } from '../../src/server/notifications/notification.repository.ts';
import { queueNotification } from '../../src/server/notifications/notification.service.ts';
import { createNotificationWorker } from '../../src/server/notifications/notification.worker.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/test-database.ts';
import { visitor } from '../support/visitor.ts';

const options = {
  pollIntervalMs: 20,
  batchSize: 10,
  maxAttempts: 2,
  retryBaseMs: 200,
  retryMaxMs: 1000,
  leaseMs: 60_000,
  foldAccents: false,
};

/** A citizen who chose easy-to-read text gets their SMS and e-mails in easy-to-read text too. */
describe.each(databaseKinds)('messages to a citizen who reads easy-to-read French, on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('notification').execute();
    await database.db.deleteFrom('dev_inbox_message').execute();
  });

  const sendAll = async () => {
    const senders = createNotificationSenders(database.db, loadConfig({ NODE_ENV: 'test' }).notifications.senders);
    await createNotificationWorker(database.db, senders, options).runOnce();
    return database.db.selectFrom('dev_inbox_message').selectAll().orderBy('channel', 'desc').execute();
  };

  const statusChanged = (personId: string, channel: 'sms' | 'email') =>
    queueNotification(database.db, {
      channel,
      to: channel === 'sms' ? '+33612345678' : 'camille@example.fr',
      template: 'dossier_status_changed',
      language: 'fr',
      params: { reference: 'GU-2026-000123', status: 'in_review' },
      personId,
    });

  it('follows the reading choice on the account, by SMS and by e-mail', async () => {
    const personId = await insertPerson(database.db);
    await updateReadingPreferences(database.db, personId, { reading: 'easy' });
    const sms = await statusChanged(personId, 'sms');
    await statusChanged(personId, 'email');
    expect((await findNotification(database.db, sms.id))?.reading).toBe('easy');
    const [text, mail] = await sendAll();
    expect(text?.text).toBe('Guichet : votre dossier GU-2026-000123 est maintenant "en lecture". Regardez dans votre espace.');
    expect(mail?.text).toContain('Regardez dans votre espace Guichet.');
    // A key the easy text does not rewrite falls back to the standard one.
    expect(mail?.subject).toBe('Votre dossier GU-2026-000123 a changé');
  });

  it('writes the standard text to a citizen who did not choose easy-to-read text, or to no account', async () => {
    const personId = await insertPerson(database.db);
    const sms = await statusChanged(personId, 'sms');
    await queueNotification(database.db, { channel: 'sms', to: '+33612345679', template: 'test_message', language: 'fr', params: {} });
    expect((await findNotification(database.db, sms.id))?.reading).toBeNull();
    const texts = (await sendAll()).map((message) => message.text).sort();
    expect(texts).toEqual([
      "Guichet : ceci est un message d'essai. Vous n'avez rien à faire.",
      'Guichet : votre dossier GU-2026-000123 est maintenant "en cours d\'examen". Détails dans votre espace.',
    ]);
  });

  it('takes a reading mode given by the caller over the account’s', async () => {
    await queueNotification(database.db, {
      channel: 'sms',
      to: '+33612345679',
      template: 'test_message',
      language: 'fr',
      reading: 'easy',
      params: {},
    });
    expect((await sendAll()).map((message) => message.text)).toEqual(["Guichet : ceci est un essai. Vous n'avez rien à faire."]);
  });

  it('has no easy-to-read text in a language without one: the standard text', async () => {
    await queueNotification(database.db, {
      channel: 'sms',
      to: '+33612345679',
      template: 'test_message',
      language: 'en',
      reading: 'easy',
      params: {},
    });
    expect((await sendAll())[0]?.text).not.toContain('essai');
  });
});

/** Without an account, the device's choice (the reading cookie) decides the call back's confirmation SMS. */
describe.each(databaseKinds)('the call back confirmation, asked from a device reading easy-to-read French, on %s', (kind) => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.close());

  it.each([
    ['easy', 'easy'],
    ['standard', null],
  ] as const)('reading %s: the SMS is queued with reading %s', async (reading, stored) => {
    const citizen = await visitor(test.app);
    citizen.cookies.reading = reading;
    const phone = reading === 'easy' ? '06 12 34 56 71' : '06 12 34 56 72';
    const response = await citizen.postJson(
      '/api/callback-requests',
      { phone, topic: 'school', window: 'morning' },
      { idempotencyKey: `key-easy-read-sms-${reading}-0001` },
    );
    expect(response.statusCode).toBe(201);
    const queued = await test.database.db
      .selectFrom('notification')
      .select(['template', 'language', 'reading'])
      .where('recipient', '=', `+336123456${phone.slice(-2)}`)
      .execute();
    expect(queued).toEqual([{ template: 'callback_confirmation', language: 'fr', reading: stored }]);
  });
});
