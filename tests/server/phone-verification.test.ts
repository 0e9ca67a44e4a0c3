import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationSenders } from '../../src/server/notifications/notification-senders.ts';
import { createNotificationWorker } from '../../src/server/notifications/notification.worker.ts';
import type { DevInboxResponse } from '../../src/shared/notifications.ts';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

describe.each(databaseKinds)('phone verification by SMS code on %s', (kind) => {
  let test: TestApp;
  let now = Date.parse('2026-11-26T10:00:00Z');

  beforeAll(async () => {
    test = await createTestApp(kind, { SMS_MAX_PER_NUMBER: '3' }, { clock: () => new Date(now) });
  });
  afterAll(() => test.close());

  /** Lets the notification worker send what is queued, then reads the latest code sent to `phone` in the development inbox. */
  async function latestCode(reader: Visitor, phone: string): Promise<string> {
    const senders = createNotificationSenders(test.database.db, test.config.notifications.senders);
    await createNotificationWorker(test.database.db, senders, test.config.notifications.worker).runOnce();
    const inbox = (await reader.get('/api/dev/inbox')).json<DevInboxResponse>();
    // The number may have had other messages (a call-back request's confirmation): the one with a code.
    const code = inbox.messages
      .filter((item) => item.channel === 'sms' && item.to === phone)
      .map((item) => /\b(\d{6})\b/.exec(item.text)?.[1])
      .find((found) => found !== undefined);
    if (!code) throw new Error(`No code sent to ${phone}`);
    return code;
  }

  it('verifies a number with the code from the inbox and attaches earlier callback requests', async () => {
    const anonymous = await visitor(test.app);
    const asked = await anonymous.postJson(
      '/api/callback-requests',
      { phone: '06 98 76 54 32', topic: 'benefits', window: 'any' },
      { idempotencyKey: 'before-sign-in-000000001' },
    );
    const { reference } = asked.json<{ reference: string }>();

    const odette = await visitor(test.app);
    await signInAs(odette, 'odette-leroy');
    const before = await odette.get('/account');
    expect(before.body).toContain('transmis par FranceConnect, pas encore vérifié');

    const sent = await odette.postForm('/account/phone', { phone: '06 98 76 54 32' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/account?notice=code_sent');
    const code = await latestCode(odette, '+33698765432');

    const wrong = await odette.postForm('/account/phone/verify', { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Ce code n’est pas le bon');

    const right = await odette.postForm('/account/phone/verify', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/account?notice=phone_verified');
    const after = await odette.get('/account?notice=phone_verified');
    expect(after.body).toContain('Votre numéro de téléphone est vérifié.');
    expect(after.body).toContain('vérifié par un code SMS');

    const attached = await test.database.db
      .selectFrom('callback_request')
      .innerJoin('person_identity', 'person_identity.person_id', 'callback_request.person_id')
      .select('person_identity.subject')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(attached.subject).toBe('odette-leroy');
  });

  it('shows translated errors without losing what was typed', async () => {
    const marie = await visitor(test.app);
    await signInAs(marie, 'marie-dupont');
    const response = await marie.postForm('/account/phone', { phone: '06 12' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Indiquez un numéro de téléphone valide');
    expect(response.body).toContain('value="06 12"');
  });

  it('allows a new code only after 60 s, refuses the 6th try and an expired code', async () => {
    const lucie = await visitor(test.app);
    await signInAs(lucie, 'lucie-bernard');
    await lucie.postForm('/account/phone', { phone: '07 11 22 33 44' });
    const tooSoon = await lucie.postForm('/account/phone', { phone: '07 11 22 33 44' });
    expect(tooSoon.headers.location).toBe('/account?notice=resend_too_soon');

    now += 61_000;
    expect((await lucie.postForm('/account/phone', { phone: '07 11 22 33 44' })).headers.location).toBe('/account?notice=code_sent');
    const code = await latestCode(lucie, '+33711223344');
    const wrongCode = code === '999999' ? '888888' : '999999';
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect((await lucie.postForm('/account/phone/verify', { code: wrongCode })).body).toContain('Ce code n’est pas le bon');
    }
    expect((await lucie.postForm('/account/phone/verify', { code: wrongCode })).body).toContain('Trop d’essais');
    const sixth = await lucie.postForm('/account/phone/verify', { code });
    expect(sixth.statusCode).toBe(422);
    expect(sixth.body).toContain('Trop d’essais');

    now += 61_000;
    await lucie.postForm('/account/phone', { phone: '07 11 22 33 44' });
    const fresh = await latestCode(lucie, '+33711223344');
    now += 16 * 60_000;
    const expired = await lucie.postForm('/account/phone/verify', { code: fresh });
    expect(expired.statusCode).toBe(422);
    expect(expired.body).toContain('Ce code n’est plus valable');
  });

  it('limits the codes sent to one number', async () => {
    const jean = await visitor(test.app);
    await signInAs(jean, 'jean-martin');
    const statuses = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      now += 61_000;
      statuses.push((await jean.postForm('/account/phone', { phone: '06 55 44 33 22' })).statusCode);
    }
    const amadou = await visitor(test.app);
    await signInAs(amadou, 'amadou-diallo');
    now += 61_000;
    statuses.push((await amadou.postForm('/account/phone', { phone: '06 55 44 33 22' })).statusCode);
    now += 61_000;
    const refused = await amadou.postForm('/account/phone', { phone: '06 55 44 33 22' });
    expect(statuses).toEqual([303, 303, 303]);
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Trop de SMS ont été demandés pour ce numéro');
  });

  it('sends no code to a number outside SMS_ALLOWED_COUNTRIES, and says why on the form', async () => {
    const jean = await visitor(test.app);
    await signInAs(jean, 'jean-martin');
    const response = await jean.postForm('/account/phone', { phone: '+882 13 21 23 45' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Nous ne pouvons pas envoyer de SMS à ce numéro');
    expect(response.body).toContain('value="+882 13 21 23 45"');
    expect(await test.database.db.selectFrom('one_time_code').select('id').where('phone', '=', '+88213212345').execute()).toEqual([]);
  });

  it('refuses a cross-site code request and a visitor who is not signed in', async () => {
    const stranger = await visitor(test.app);
    const anonymous = await stranger.postForm('/account/phone', { phone: '06 12 34 56 78' });
    expect(anonymous.statusCode).toBe(401);
    // A signed-in person's browser posting from another site: refused by the CSRF check.
    const signedIn = await visitor(test.app);
    await signInAs(signedIn, 'jean-martin');
    const forged = await signedIn.request({
      method: 'POST',
      url: '/account/phone',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      payload: 'phone=0612345678',
    });
    expect(forged.statusCode).toBe(403);
  });
});
