import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackReferencePattern } from '../../src/shared/callback-request.ts';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

const validRequest = { phone: '06 12 34 56 78', topic: 'school', window: 'morning', name: 'Camille' };

describe.each(databaseKinds)('callback requests on %s', (kind) => {
  let test: TestApp;
  let citizen: Visitor;

  beforeAll(async () => {
    test = await createTestApp(kind);
    citizen = await visitor(test.app);
  });
  afterAll(() => test.close());

  const rows = () => test.database.db.selectFrom('callback_request').selectAll().execute();

  it('stores a valid request in E.164 and answers with a reference', async () => {
    const response = await citizen.postJson('/api/callback-requests', validRequest, { idempotencyKey: 'key-stores-a-request-0001' });
    expect(response.statusCode).toBe(201);
    const { reference } = response.json<{ reference: string }>();
    expect(reference).toMatch(callbackReferencePattern);
    const stored = (await rows()).find((row) => row.reference === reference);
    expect(stored).toMatchObject({
      phone: '+33612345678',
      topic: 'school',
      time_window: 'morning',
      name: 'Camille',
      language: 'fr',
      status: 'requested',
    });
  });

  it('refuses invalid input with translatable field errors', async () => {
    const response = await citizen.postJson(
      '/api/callback-requests',
      { phone: '12', topic: 'weather' },
      { idempotencyKey: 'key-invalid-input-000001' },
    );
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      error: 'validation',
      fields: {
        phone: 'callback:errors.phone_invalid',
        topic: 'callback:errors.topic_required',
        window: 'callback:errors.window_required',
      },
    });
  });

  it('refuses a body that is not an object, and an unknown content type', async () => {
    const array = await citizen.postJson('/api/callback-requests', ['not', 'an', 'object'], { idempotencyKey: 'key-not-an-object-00001' });
    expect(array.statusCode).toBe(422);
    const xml = await citizen.request({
      method: 'POST',
      url: '/api/callback-requests',
      headers: { 'content-type': 'application/xml', 'idempotency-key': 'key-xml-body-0000000001' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toEqual({ error: 'unsupported_media_type' });
  });

  describe('idempotency (IETF httpapi draft)', () => {
    it('answers a missing key with 400', async () => {
      const response = await citizen.postJson('/api/callback-requests', validRequest, {});
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'idempotency_key_missing' });
    });

    it('replays the stored response for the same key and body, without a second row', async () => {
      const before = (await rows()).length;
      const first = await citizen.postJson('/api/callback-requests', validRequest, { idempotencyKey: 'key-replay-000000000001' });
      const second = await citizen.postJson('/api/callback-requests', { ...validRequest }, { idempotencyKey: 'key-replay-000000000001' });
      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.json()).toEqual(first.json());
      expect((await rows()).length).toBe(before + 1);
    });

    it('refuses the same key with another body (422)', async () => {
      await citizen.postJson('/api/callback-requests', validRequest, { idempotencyKey: 'key-mismatch-0000000001' });
      const other = await citizen.postJson(
        '/api/callback-requests',
        { ...validRequest, window: 'any' },
        { idempotencyKey: 'key-mismatch-0000000001' },
      );
      expect(other.statusCode).toBe(422);
      expect(other.json()).toEqual({ error: 'idempotency_key_reused' });
    });

    it('scopes keys to their sender: another device with the same key gets its own request', async () => {
      const stranger = await visitor(test.app);
      const mine = await citizen.postJson('/api/callback-requests', validRequest, { idempotencyKey: 'key-scoped-000000000001' });
      const theirs = await stranger.postJson('/api/callback-requests', validRequest, { idempotencyKey: 'key-scoped-000000000001' });
      expect(theirs.statusCode).toBe(201);
      expect(theirs.json<{ reference: string }>().reference).not.toBe(mine.json<{ reference: string }>().reference);
    });

    it('turns 20 concurrent identical submissions into exactly one request', async () => {
      const before = (await rows()).length;
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          citizen.postJson('/api/callback-requests', validRequest, { idempotencyKey: 'key-concurrent-00000001' }),
        ),
      );
      expect((await rows()).length).toBe(before + 1);
      const statuses = new Set(responses.map((response) => response.statusCode));
      // Each one either got the stored answer or was told the first is still in progress.
      expect([...statuses].every((status) => status === 201 || status === 409)).toBe(true);
      const references = new Set(
        responses.filter((response) => response.statusCode === 201).map((response) => response.json<{ reference: string }>().reference),
      );
      expect(references.size).toBe(1);
    });
  });

  it('refuses a number the SMS confirmation may not go to (outside SMS_ALLOWED_COUNTRIES), keeping the answers', async () => {
    const foreign = { ...validRequest, phone: '+882 13 21 23 45' };
    const api = await citizen.postJson('/api/callback-requests', foreign, { idempotencyKey: 'key-foreign-number-00001' });
    expect(api.statusCode).toBe(422);
    expect(api.json()).toEqual({ error: 'validation', fields: { phone: 'common:one_time_code.phone_country_not_allowed' } });
    const page = await citizen.postForm('/callback', { ...foreign, _idempotency_key: 'form-key-foreign-000001' });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('Nous ne pouvons pas envoyer de SMS à ce numéro');
    expect(page.body).toContain('value="Camille"');
    expect(await test.database.db.selectFrom('callback_request').select('id').where('phone', '=', '+88213212345').execute()).toEqual([]);
  });

  describe('the form without JavaScript', () => {
    it('redirects to a confirmation that shows the reference', async () => {
      const response = await citizen.postForm('/callback', { ...validRequest, _idempotency_key: 'form-key-00000000000001' });
      expect(response.statusCode).toBe(303);
      const location = String(response.headers.location);
      expect(location).toMatch(/^\/callback\/confirmation\/RAP-/);
      const confirmation = await citizen.get(location);
      expect(confirmation.statusCode).toBe(200);
      expect(confirmation.body).toContain(decodeURIComponent(location.split('/').pop() ?? ''));
      expect(confirmation.body).toContain('Demande de rappel envoyée');
    });

    it('sent twice (a double tap), creates one request', async () => {
      const before = (await rows()).length;
      const first = await citizen.postForm('/callback', { ...validRequest, _idempotency_key: 'form-key-double-tap-0001' });
      const second = await citizen.postForm('/callback', { ...validRequest, _idempotency_key: 'form-key-double-tap-0001' });
      expect(second.headers.location).toBe(first.headers.location);
      expect((await rows()).length).toBe(before + 1);
    });

    it('sent again with other answers (Back, edit, send), creates a new request', async () => {
      const first = await citizen.postForm('/callback', { ...validRequest, _idempotency_key: 'form-key-edited-00000001' });
      const edited = await citizen.postForm('/callback', { ...validRequest, window: 'any', _idempotency_key: 'form-key-edited-00000001' });
      expect(edited.statusCode).toBe(303);
      expect(edited.headers.location).not.toBe(first.headers.location);
    });

    it('answers errors with the page, the error summary and what was typed', async () => {
      const response = await citizen.postForm('/callback', { phone: '06 12', topic: 'parking', name: 'Zoé <b>' });
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('Il y a un problème');
      expect(response.body).toContain('href="#callback-phone"');
      expect(response.body).toContain('value="06 12"');
      expect(response.body).toContain('value="Zoé &lt;b>"');
      expect(response.body).toMatch(/<input id="callback-topic-parking"[^>]*checked/);
    });

    it('answers in the language the citizen chose', async () => {
      const english = await visitor(test.app, { language: 'en' });
      const response = await english.postForm('/callback', { phone: '' });
      expect(response.body).toContain('There is a problem');
      expect(response.body).toMatch(/<html lang="en" dir="ltr"[\s>]/);
    });
  });

  it('limits how many requests one address can send, with a translated page', async () => {
    const limited = await createTestApp(kind, { CALLBACK_RATE_LIMIT_MAX: '2' });
    try {
      const someone = await visitor(limited.app);
      const statuses = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        statuses.push(
          (await someone.postJson('/api/callback-requests', validRequest, { idempotencyKey: `key-rate-limit-00000${attempt}` })).statusCode,
        );
      }
      expect(statuses).toEqual([201, 201, 429]);
      const page = await someone.postForm('/callback', validRequest);
      expect(page.statusCode).toBe(429);
      expect(page.body).toContain('Trop de demandes');
    } finally {
      await limited.close();
    }
  });
});
