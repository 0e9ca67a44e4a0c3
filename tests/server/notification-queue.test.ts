import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotificationEvents } from '../../src/server/notifications/notification.repository.ts';
import { NotificationError, queueNotification } from '../../src/server/notifications/notification.service.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/test-database.ts';

describe.each(databaseKinds)('queueNotification on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.drop());

  const byId = (id: string) => database.db.selectFrom('notification').selectAll().where('id', '=', id).executeTakeFirst();

  it('puts a message in the outbox, queued and due now, with its first event', async () => {
    const { id } = await queueNotification(database.db, {
      channel: 'sms',
      to: '+33612345678',
      template: 'phone_verification_code',
      language: 'fr',
      params: { code: '481516', minutes: 15 },
      personId: 'person-1',
    });
    const row = await byId(id);
    expect(row).toMatchObject({
      channel: 'sms',
      recipient: '+33612345678',
      template: 'phone_verification_code',
      language: 'fr',
      params: { code: '481516', minutes: 15 },
      person_id: 'person-1',
      status: 'queued',
      attempts: 0,
      last_error: null,
    });
    expect(row?.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await listNotificationEvents(database.db, id)).map((event) => event.status)).toEqual(['queued']);
  });

  it('keeps a later sending time', async () => {
    const sendAt = new Date(Date.now() + 86_400_000);
    const { id } = await queueNotification(database.db, {
      channel: 'email',
      to: 'camille@example.fr',
      template: 'visit_reminder',
      language: 'en',
      params: { date: '2026-12-03', time: '09:00', place: 'Town hall' },
      sendAt,
    });
    expect((await byId(id))?.next_attempt_at.getTime()).toBe(sendAt.getTime());
  });

  it('belongs to the caller’s transaction: rolled back with it, nothing is sent', async () => {
    let queuedId = '';
    await expect(
      database.db.transaction().execute(async (trx) => {
        queuedId = (
          await queueNotification(trx, { channel: 'sms', to: '+33612345678', template: 'test_message', language: 'fr', params: {} })
        ).id;
        throw new Error('the feature’s own write failed');
      }),
    ).rejects.toThrow('the feature’s own write failed');
    expect(queuedId).not.toBe('');
    expect(await byId(queuedId)).toBeUndefined();
  });

  it.each([
    ['a phone number not in E.164', { channel: 'sms', to: '06 12 34 56 78' }, 'invalid_recipient'],
    ['an SMS to an e-mail address', { channel: 'sms', to: 'camille@example.fr' }, 'invalid_recipient'],
    ['an e-mail to a phone number', { channel: 'email', to: '+33612345678' }, 'invalid_recipient'],
  ] as const)('refuses %s, queueing nothing', async (_name, message, code) => {
    const before = await database.db.selectFrom('notification').select('id').execute();
    const error = await queueNotification(database.db, { ...message, template: 'test_message', language: 'fr', params: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NotificationError);
    expect((error as NotificationError).code).toBe(code);
    expect(await database.db.selectFrom('notification').select('id').execute()).toHaveLength(before.length);
  });

  it('refuses an SMS over 6 segments with a clear code', async () => {
    const place = 'Salle polyvalente, '.repeat(60);
    await expect(
      queueNotification(database.db, {
        channel: 'sms',
        to: '+33612345678',
        template: 'visit_reminder',
        language: 'fr',
        params: { date: '2026-12-03', time: '10:00', place },
      }),
    ).rejects.toMatchObject({ code: 'too_many_segments' });
    // The same text by e-mail has no such limit.
    await expect(
      queueNotification(database.db, {
        channel: 'email',
        to: 'camille@example.fr',
        template: 'visit_reminder',
        language: 'fr',
        params: { date: '2026-12-03', time: '10:00', place },
      }),
    ).resolves.toHaveProperty('id');
  });

  it('refuses a message missing a parameter', async () => {
    await expect(
      queueNotification(database.db, {
        channel: 'sms',
        to: '+33612345678',
        template: 'callback_confirmation',
        language: 'fr',
        params: { reference: 'RAP-7K4Q-9XZ2' } as never,
      }),
    ).rejects.toMatchObject({ code: 'invalid_parameters' });
  });
});
