import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

let sequence = 0;
/** A phone number of its own for each request, so the per-number limit only bites where a test wants it. */
const freshPhone = () => `06 ${String(10 + (sequence += 1)).padStart(2, '0')} 34 56 78`;
const request = (extra: Record<string, string> = {}) => ({ phone: freshPhone(), topic: 'school', window: 'morning', ...extra });
const key = () => `key-lifecycle-${String((sequence += 1)).padStart(10, '0')}`;

describe.each(databaseKinds)('call me back, complete, on %s', (kind) => {
  let test: TestApp;
  let citizen: Visitor;

  beforeAll(async () => {
    test = await createTestApp(kind, { CALLBACK_MAX_PER_PHONE: '2' });
    citizen = await visitor(test.app);
  });
  afterAll(() => test.close());

  const db = () => test.database.db;
  const stored = (reference: string) =>
    db().selectFrom('callback_request').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const ask = async (body: Record<string, string>, who: Visitor = citizen) => {
    const response = await who.postJson('/api/callback-requests', body, { idempotencyKey: key() });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ reference: string }>().reference;
  };
  const smsTo = (phone: string, template: string) =>
    db().selectFrom('notification').selectAll().where('recipient', '=', phone).where('template', '=', template).execute();
  const cancelLinkOf = async (phone: string) => {
    const [sms] = await smsTo(phone, 'callback_confirmation');
    return new URL(String(sms?.params.link)).pathname;
  };

  it('stores the topic in the citizen’s words, the call language and the dossier', async () => {
    const reference = await ask(
      request({
        phone: '06 99 00 00 01',
        topic: 'other',
        topicDetail: 'Une question sur ma facture',
        callLanguage: 'es',
        dossier: 'gu-2026-000042',
      }),
    );
    expect(await stored(reference)).toMatchObject({
      topic: 'other',
      topic_detail: 'Une question sur ma facture',
      call_language: 'es',
      dossier_reference: 'GU-2026-000042',
      status: 'requested',
      attempts: 0,
    });
  });

  it('asks for the citizen’s words when the topic is "other", and refuses a malformed dossier or language', async () => {
    const other = await citizen.postJson('/api/callback-requests', request({ topic: 'other', topicDetail: ' ' }), {
      idempotencyKey: key(),
    });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toEqual({ error: 'validation', fields: { topicDetail: 'callback:errors.topic_detail_required' } });
    const malformed = await citizen.postJson('/api/callback-requests', request({ dossier: 'ABC', callLanguage: 'klingon' }), {
      idempotencyKey: key(),
    });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json()).toEqual({
      error: 'validation',
      fields: { dossier: 'callback:errors.dossier_invalid', callLanguage: 'callback:errors.call_language_invalid' },
    });
  });

  it('sends an SMS with the reference, the window and a cancel link, in the citizen’s language', async () => {
    const english = await visitor(test.app, { language: 'en' });
    const reference = await ask(request({ phone: '06 99 00 00 02', window: 'afternoon' }), english);
    const [sms] = await smsTo('+33699000002', 'callback_confirmation');
    expect(sms).toMatchObject({ channel: 'sms', language: 'en', status: 'queued' });
    expect(sms?.params).toMatchObject({ reference, window: 'afternoon' });
    expect(String(sms?.params.link)).toMatch(/^http:\/\/localhost:8080\/callback\/cancel\/[\w-]{16}\.[\w-]{12}$/);
    expect((await stored(reference)).cancel_token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  describe('the cancel link', () => {
    it('asks first, then cancels; the same link again says it is already cancelled', async () => {
      const reference = await ask(request({ phone: '06 99 00 00 03' }));
      const link = await cancelLinkOf('+33699000003');
      const page = await citizen.get(link);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(reference);
      expect(page.body).toContain('Annuler ma demande');
      expect((await stored(reference)).status).toBe('requested');

      const stranger = await visitor(test.app);
      const confirmed = await stranger.postForm(link, {});
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.body).toContain('Votre demande est annulée');
      expect((await stored(reference)).status).toBe('cancelled');
      const events = await db().selectFrom('callback_event').select(['status', 'actor_kind']).orderBy('id').execute();
      expect(events).toContainEqual({ status: 'cancelled', actor_kind: 'citizen' });

      const again = await stranger.postForm(link, {});
      expect(again.statusCode).toBe(200);
      expect(again.body).toContain('Votre demande est annulée');
    });

    it('refuses a forged or altered token with a 404, and never reaches a request by its reference', async () => {
      await ask(request({ phone: '06 99 00 00 04' }));
      const link = await cancelLinkOf('+33699000004');
      const token = link.split('/').pop() ?? '';
      const altered = `${token.slice(0, 16)}.${token.slice(17, 28).split('').reverse().join('')}x`;
      for (const path of [
        `/callback/cancel/${altered}`,
        '/callback/cancel/AAAAAAAAAAAAAAAA.AAAAAAAAAAAA',
        '/callback/cancel/RAP-0000-0000',
      ]) {
        expect((await citizen.get(path)).statusCode, path).toBe(404);
        expect((await citizen.postForm(path, {})).statusCode, path).toBe(404);
      }
    });

    it('cannot cancel a call an agent is making: 409 and the page says so', async () => {
      const reference = await ask(request({ phone: '06 99 00 00 05' }));
      await db().updateTable('callback_request').set({ status: 'in_progress' }).where('reference', '=', reference).execute();
      const refused = await citizen.postForm(await cancelLinkOf('+33699000005'), {});
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('ne peut plus être annulée');
      expect((await stored(reference)).status).toBe('in_progress');
    });
  });

  it('limits requests per phone number, whatever the address, with a translated message on the field', async () => {
    const phone = '06 99 00 00 06';
    await ask(request({ phone }));
    await ask(request({ phone }), await visitor(test.app));
    const third = await (await visitor(test.app)).postJson('/api/callback-requests', request({ phone }), { idempotencyKey: key() });
    expect(third.statusCode).toBe(422);
    expect(third.json()).toEqual({ error: 'validation', fields: { phone: 'callback:errors.phone_limit' } });
    const page = await (await visitor(test.app)).postForm('/callback', { ...request({ phone }), name: 'Zoé' });
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain('Ce numéro a déjà fait plusieurs demandes');
    expect(page.body).toContain('value="Zoé"');
  });

  describe('pre-filled', () => {
    it('with the dossier it was asked from, without JavaScript', async () => {
      const page = await citizen.get('/callback?dossier=GU-2026-000123');
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/<input[^>]*id="callback-dossier"[^>]*value="GU-2026-000123"/);
      const ignored = await citizen.get('/callback?dossier=%3Cscript%3E');
      expect(ignored.body).not.toContain('&lt;script');
    });

    it('with the signed-in citizen’s verified number; the request joins their timeline', async () => {
      const marie = await visitor(test.app);
      await signInAs(marie, 'marie-dupont');
      const identity = await db()
        .selectFrom('person_identity')
        .select('person_id')
        .where('subject', '=', 'marie-dupont')
        .executeTakeFirstOrThrow();
      await db()
        .updateTable('person_phone')
        .set({ verified_at: new Date() })
        .where('person_id', '=', identity.person_id)
        .where('phone', '=', '+33612345678')
        .execute();
      // For the form reached by a link inside the app (no server render), the same number by API.
      expect((await marie.get('/api/callback-requests/defaults')).json()).toEqual({ phone: '+33612345678' });
      expect((await citizen.get('/api/callback-requests/defaults')).statusCode).toBe(401);
      const page = await marie.get('/callback');
      expect(page.body).toMatch(/<input[^>]*id="callback-phone"[^>]*value="\+33612345678"/);

      const mine = await ask({ phone: '06 12 34 56 78', topic: 'parking', window: 'any' }, marie);
      const someoneElses = await ask(request(), marie);
      expect((await stored(mine)).person_id).toBe(identity.person_id);
      // A number the person has not verified could be anyone's: it stays off their timeline.
      expect((await stored(someoneElses)).person_id).toBeNull();
      const list = await marie.get('/api/account/callback-requests');
      expect(list.json()).toEqual([expect.objectContaining({ reference: mine, topic: 'parking', window: 'any', status: 'requested' })]);
      expect((await citizen.get('/api/account/callback-requests')).statusCode).toBe(401);
    });
  });
});
