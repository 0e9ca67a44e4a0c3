import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsReceiptPath } from '../../src/server/notifications/delivery-receipt.routes.ts';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { certificateAnswers } from '../../src/shared/procedures/civil-status-certificate.example.ts';
import { canteenAnswers } from '../../src/shared/procedures/school-canteen.example.ts';
import { signInAs } from '../support/sign-in.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseKinds } from '../support/test-database.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

const nul = 'Camille\u0000Martin';
const refused = 'common:errors.text_not_allowed';
const receiptToken = 'receipt-token-0123456789abcdefghijklmnop';

let keyCounter = 0;
const newKey = () => `control-chars-key-${String((keyCounter += 1)).padStart(6, '0')}`;

/**
 * A NUL (or another control character) in a free-text field was a 500 — PostgreSQL cannot store it —
 * which the outbox then retried for ever. Each field now answers a translated 422 field error.
 */
describe.each(databaseKinds)('control characters in free text on %s', (kind) => {
  let test: TestApp;
  let citizen: Visitor;
  let caseHandler: Visitor;
  let counterAgent: Visitor;
  let phoneAgent: Visitor;

  beforeAll(async () => {
    test = await createTestApp(kind, {
      NOTIFICATION_WORKER: 'false',
      SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms',
      SMS_GATEWAY_TOKEN: 'secret',
      SMS_GATEWAY_RECEIPT_TOKEN: receiptToken,
    });
    await seedDemoData(test.database.db);
    [citizen, caseHandler, counterAgent, phoneAgent] = (await Promise.all([1, 2, 3, 4].map(() => visitor(test.app)))) as [
      Visitor,
      Visitor,
      Visitor,
      Visitor,
    ];
    await signInAs(citizen, 'marie-dupont');
    await signInAs(caseHandler, 'claire-petit', { basePath: '/agent/auth' });
    await signInAs(counterAgent, 'karim-haddad', { basePath: '/agent/auth' });
    await signInAs(phoneAgent, 'sophie-moreau', { basePath: '/agent/auth' });
  }, 180_000);
  afterAll(() => test.close());

  const fieldsOf = (response: { statusCode: number; json<T>(): T }) => {
    expect(response.statusCode).toBe(422);
    return response.json<{ error: string; fields: Record<string, string> }>().fields;
  };

  it('call back: the topic detail and the name', async () => {
    const request = { phone: '06 12 34 56 78', topic: 'other', window: 'morning', topicDetail: 'a\u0000b', name: nul };
    const fields = fieldsOf(await citizen.postJson('/api/callback-requests', request, { idempotencyKey: newKey() }));
    expect(fields).toMatchObject({ topicDetail: refused, name: refused });
  });

  it('call back: line breaks and tabs stay welcome in the multi-line detail', async () => {
    const request = { phone: '06 12 34 56 78', topic: 'other', window: 'morning', topicDetail: 'Line one\r\n\tline two' };
    expect((await citizen.postJson('/api/callback-requests', request, { idempotencyKey: newKey() })).statusCode).toBe(201);
  });

  it('visit details: the name', async () => {
    const details = {
      service: 'id_card',
      location: 'limoges-hotel-de-ville',
      start: '2030-01-07T09:00:00.000Z',
      phone: '06 12 34 56 78',
      name: nul,
    };
    expect(fieldsOf(await citizen.postJson('/api/visit/verifications', details, { idempotencyKey: newKey() }))).toMatchObject({
      name: refused,
    });
  });

  it('dossier answers, on submission and in a draft (values and keys)', async () => {
    const submission = { procedure: 'school-canteen', answers: { ...canteenAnswers, child_given_name: nul } };
    expect(fieldsOf(await citizen.postJson('/api/dossiers', submission, { idempotencyKey: newKey() }))).toMatchObject({
      'answers.child_given_name': refused,
    });
    const draft = (answers: Record<string, string>) =>
      citizen.request({
        method: 'PUT',
        url: '/api/procedures/school-canteen/draft',
        headers: { 'content-type': 'application/json', 'x-csrf-token': citizen.csrfToken, 'sec-fetch-site': 'same-origin' },
        payload: JSON.stringify({ procedure: 'school-canteen', answers }),
      });
    expect(fieldsOf(await draft({ child_given_name: nul }))).toMatchObject({ 'answers.child_given_name': refused });
    expect((await draft({ 'child\u0000name': 'Lou' })).statusCode).toBe(422);
    expect((await draft({ child_given_name: 'Lou' })).statusCode).toBe(204);
  });

  it('a case handler’s message to the citizen', async () => {
    // A dossier of the case handler's service: someone else's reference is a 404 before any validation.
    const submitted = await citizen.postJson(
      '/api/dossiers',
      { procedure: 'civil-status-certificate', answers: certificateAnswers },
      { idempotencyKey: newKey() },
    );
    expect(submitted.statusCode).toBe(201);
    const { reference } = submitted.json<{ reference: string }>();
    const acted = await caseHandler.postJson(
      `/api/agent/dossiers/${reference}/actions`,
      { action: 'request_information', message: nul },
      {},
    );
    expect(fieldsOf(acted)).toMatchObject({ message: refused });
  });

  it('the agents’ citizen search', async () => {
    const search = await phoneAgent.get(`/api/agent/citizens?q=${encodeURIComponent(nul)}`);
    expect(search.statusCode).toBeLessThan(500);
    expect(search.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('accessibility feedback (stored, and e-mailed to the contact), over the API and as a form the page keeps', async () => {
    const feedback = { message: `My screen reader\u0000 stops`, page: '/help\u0007', contact: 'me@example.org\u0000' };
    expect(fieldsOf(await citizen.postJson('/api/accessibility-feedback', feedback, { idempotencyKey: newKey() }))).toEqual({
      message: refused,
      page: refused,
      contact: refused,
    });
    const form = await citizen.postForm('/accessibility/feedback', { ...feedback, _idempotency_key: newKey() });
    expect(form.statusCode).toBe(422);
    expect(form.body).toContain('caractère invisible');
    expect(form.body).toContain('My screen reader');
  });

  it('half a UTF-16 pair (a lone surrogate), which PostgreSQL’s JSON refuses', async () => {
    const feedback = { message: 'Broken \ud800 text', page: '/help' };
    expect(fieldsOf(await citizen.postJson('/api/accessibility-feedback', feedback, { idempotencyKey: newKey() }))).toEqual({
      message: refused,
    });
  });

  it('an SMS delivery receipt’s id', async () => {
    const receipt = await test.app.inject({
      method: 'POST',
      url: smsReceiptPath,
      headers: { authorization: `Bearer ${receiptToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ id: 'gw-\u0000-1', status: 'delivered' }),
    });
    expect(fieldsOf(receipt)).toMatchObject({ id: refused });
  });

  it('a walk-in at the counter: the name', async () => {
    const response = await counterAgent.postForm('/agent/counter', { service: 'civil_status', name: nul, phone: '' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('caractère invisible');
  });
});
