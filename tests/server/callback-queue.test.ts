import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimCallbackRequest } from '../../src/server/callback/callback-request.service.ts';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

let sequence = 0;
const key = () => `key-queue-${String((sequence += 1)).padStart(14, '0')}`;

describe.each(databaseKinds)('the phone agents’ call-back queue on %s', (kind) => {
  let test: TestApp;
  let citizen: Visitor;
  let agent: Visitor;
  let now = new Date('2026-11-26T09:00:00Z');

  beforeAll(async () => {
    test = await createTestApp(kind, { CALLBACK_MAX_ATTEMPTS: '2', CALLBACK_RETRY_MINUTES: '20' }, { clock: () => now });
    citizen = await visitor(test.app);
    agent = await visitor(test.app);
    await signInAs(agent, 'sophie-moreau', { basePath: '/agent/auth' });
  });
  afterAll(() => test.close());

  const db = () => test.database.db;
  const ask = async (phone: string, window = 'morning', topic = 'school') => {
    const response = await citizen.postJson('/api/callback-requests', { phone, topic, window }, { idempotencyKey: key() });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ reference: string }>().reference;
  };
  const stored = (reference: string) =>
    db().selectFrom('callback_request').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const agentId = async () =>
    (await db().selectFrom('agent').select('id').where('subject', '=', 'sophie-moreau').executeTakeFirstOrThrow()).id;
  const audit = (reference: string) =>
    db().selectFrom('audit_log').select(['action', 'actor_kind']).where('subject_id', '=', reference).orderBy('id').execute();
  const claim = (reference: string, who: Visitor = agent) =>
    who.postJson(`/api/agent/callbacks/${reference}/claim`, {}, { idempotencyKey: key() });
  const outcome = (reference: string, body: Record<string, string>, who: Visitor = agent) =>
    who.postJson(`/api/agent/callbacks/${reference}/outcome`, body, { idempotencyKey: key() });

  it('is for phone agents only', async () => {
    expect((await citizen.get('/api/agent/callbacks')).statusCode).toBe(401);
    const handler = await visitor(test.app);
    await signInAs(handler, 'claire-petit', { basePath: '/agent/auth' });
    expect((await handler.get('/api/agent/callbacks')).statusCode).toBe(403);
    expect((await agent.get('/api/agent/callbacks')).statusCode).toBe(200);
  });

  it('lists by window, then the longest wait first, without phone numbers', async () => {
    const any = await ask('06 70 00 00 01', 'any');
    const afternoon = await ask('06 70 00 00 02', 'afternoon');
    const morningLater = await ask('06 70 00 00 03', 'morning');
    await db()
      .updateTable('callback_request')
      .set({ created_at: new Date('2026-11-26T07:00:00Z') } as never)
      .where('reference', '=', morningLater)
      .execute();
    const morningEarlier = await ask('06 70 00 00 04', 'morning');
    await db()
      .updateTable('callback_request')
      .set({ created_at: new Date('2026-11-26T06:00:00Z') } as never)
      .where('reference', '=', morningEarlier)
      .execute();
    const response = await agent.get('/api/agent/callbacks');
    const references = response.json<{ reference: string }[]>().map((item) => item.reference);
    const ours = references.filter((reference) => [any, afternoon, morningLater, morningEarlier].includes(reference));
    expect(ours).toEqual([morningEarlier, morningLater, afternoon, any]);
    expect(response.body).not.toContain('+3367');
  });

  it('two agents claiming the same request at once: exactly one wins', async () => {
    const reference = await ask('06 70 00 00 05');
    const other = await db()
      .insertInto('agent')
      .values({
        issuer: 'test',
        subject: 'second-phone-agent',
        given_name: 'Paul',
        family_name: 'Roux',
        email: null,
        role: 'phone_agent',
        service: 'Accueil',
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const first = await agentId();
    const results = await Promise.all(
      [first, other.id].map((id) =>
        db()
          .transaction()
          .execute((trx) => claimCallbackRequest(trx, reference, id, now)),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: 'taken' }]);
    const row = await stored(reference);
    expect(row.status).toBe('in_progress');
    expect([first, other.id]).toContain(row.claimed_by);
    expect((await audit(reference)).filter((line) => line.action === 'callback.claimed')).toHaveLength(1);
  });

  it('claimed over HTTP: the call sheet with the phone number; another agent gets 409 and cannot read it', async () => {
    const reference = await ask('06 70 00 00 06');
    const claimed = await claim(reference);
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ reference, status: 'in_progress', phone: '+33670000006', mine: true });
    expect((await claim(reference)).statusCode).toBe(200);

    await db()
      .insertInto('agent')
      .values({
        issuer: 'test',
        subject: 'third',
        given_name: 'A',
        family_name: 'B',
        email: null,
        role: 'phone_agent',
        service: 'Accueil',
        updated_at: new Date(),
      })
      .execute();
    const rival = (await db().selectFrom('agent').select('id').where('subject', '=', 'third').executeTakeFirstOrThrow()).id;
    expect(await claimCallbackRequest(db(), reference, rival, now)).toEqual({ ok: false, reason: 'taken' });
    expect((await agent.get(`/api/agent/callbacks/${reference}`)).statusCode).toBe(200);
    expect((await audit(reference)).map((line) => line.action)).toEqual(['callback.claimed', 'callback.viewed']);
  });

  it('no answer: tried again later, up to the configured attempts, then an SMS tells the citizen', async () => {
    const reference = await ask('06 70 00 00 07');
    await claim(reference);
    expect((await outcome(reference, { outcome: 'no_answer', note: 'Messagerie' })).json()).toEqual({ reference, status: 'scheduled' });
    const retried = await stored(reference);
    expect(retried).toMatchObject({ status: 'scheduled', attempts: 1, claimed_by: null });
    expect(retried.next_attempt_at?.toISOString()).toBe('2026-11-26T09:20:00.000Z');
    // Not offered again before it is due.
    expect((await claim(reference)).statusCode).toBe(409);
    expect((await agent.get('/api/agent/callbacks')).json<{ reference: string }[]>().map((item) => item.reference)).not.toContain(
      reference,
    );

    // Within the agent's session idle time (30 minutes), past the retry delay.
    now = new Date('2026-11-26T09:25:00Z');
    expect((await claim(reference)).statusCode).toBe(200);
    expect((await outcome(reference, { outcome: 'no_answer' })).json()).toEqual({ reference, status: 'no_answer' });
    expect(await stored(reference)).toMatchObject({ status: 'no_answer', attempts: 2 });
    const sms = await db()
      .selectFrom('notification')
      .selectAll()
      .where('recipient', '=', '+33670000007')
      .where('template', '=', 'callback_no_answer')
      .execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]?.params).toEqual({ reference, attempts: 2, phone: '05 55 00 00 00' });
    expect((await audit(reference)).map((line) => line.action)).toEqual([
      'callback.claimed',
      'callback.no_answer_retry',
      'callback.claimed',
      'callback.no_answer_final',
    ]);
    const events = await db()
      .selectFrom('callback_event')
      .innerJoin('callback_request', 'callback_request.id', 'callback_event.callback_request_id')
      .select(['callback_event.status', 'callback_event.note'])
      .where('reference', '=', reference)
      .orderBy('callback_event.id')
      .execute();
    expect(events.map((event) => event.status)).toEqual(['requested', 'in_progress', 'scheduled', 'in_progress', 'no_answer']);
    expect(events[2]?.note).toBe('Messagerie');
  });

  it('reschedules at the time agreed, and refuses transitions the status does not allow', async () => {
    const reference = await ask('06 70 00 00 08');
    // Not claimed: no outcome can be recorded.
    expect((await outcome(reference, { outcome: 'done' })).statusCode).toBe(409);
    await claim(reference);
    expect((await outcome(reference, { outcome: 'reschedule' })).json()).toEqual({
      error: 'validation',
      fields: { delay: 'callback-queue:errors.delay_required' },
    });
    expect((await outcome(reference, { outcome: 'reschedule', delay: '3' })).statusCode).toBe(200);
    expect((await stored(reference)).next_attempt_at?.toISOString()).toBe(new Date(now.getTime() + 3 * 3_600_000).toISOString());
    // Scheduled, not held: recording an outcome again is refused.
    expect((await outcome(reference, { outcome: 'done' })).statusCode).toBe(409);
  });

  describe('done, then the satisfaction survey', () => {
    let surveyLink: string;
    let reference: string;

    it('invites the citizen by SMS once the call is done, once only', async () => {
      reference = await ask('06 70 00 00 09', 'morning', 'parking');
      await claim(reference);
      expect((await outcome(reference, { outcome: 'done', note: 'Renseigné sur la carte résident' })).json()).toEqual({
        reference,
        status: 'done',
      });
      expect((await outcome(reference, { outcome: 'done' })).statusCode).toBe(409);
      const sms = await db()
        .selectFrom('notification')
        .selectAll()
        .where('recipient', '=', '+33670000009')
        .where('template', '=', 'satisfaction_survey')
        .execute();
      expect(sms).toHaveLength(1);
      surveyLink = new URL(String(sms[0]?.params.link)).pathname;
      expect(surveyLink).toMatch(/^\/survey\/[\w-]{16}\.[\w-]{12}$/);
      expect(await db().selectFrom('satisfaction_survey').selectAll().where('subject_id', '=', reference).execute()).toEqual([
        expect.objectContaining({ channel: 'phone', service: 'parking', rating: null }),
      ]);
    });

    it('the survey page asks one question without sign-in; a missing answer keeps the page, one answer per link', async () => {
      const anyone = await visitor(test.app);
      const page = await anyone.get(surveyLink);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Êtes-vous satisfait de l’appel avec notre agent ?');
      const empty = await anyone.postForm(surveyLink, {});
      expect(empty.statusCode).toBe(422);
      expect(empty.body).toContain('Choisissez une réponse');
      const answered = await anyone.postForm(surveyLink, { rating: '4' });
      expect(answered.body).toContain('Merci pour votre réponse');
      const again = await anyone.postForm(surveyLink, { rating: '1' });
      expect(again.body).toContain('Vous avez déjà répondu');
      expect(
        (await db().selectFrom('satisfaction_survey').select('rating').where('subject_id', '=', reference).executeTakeFirstOrThrow())
          .rating,
      ).toBe(4);
      // Another last character (never the same one: a token may end in "A"), so a link that is not this one.
      const altered = `${surveyLink.slice(0, -1)}${surveyLink.endsWith('A') ? 'B' : 'A'}`;
      expect((await anyone.get(altered)).statusCode).toBe(404);
    });

    it('results per service and channel, for administrators only', async () => {
      expect((await agent.get('/api/agent/satisfaction')).statusCode).toBe(403);
      const admin = await visitor(test.app);
      await signInAs(admin, 'thomas-girard', { basePath: '/agent/auth' });
      const results = await admin.get('/api/agent/satisfaction');
      expect(results.statusCode).toBe(200);
      expect(results.json()).toContainEqual({
        service: 'parking',
        channel: 'phone',
        invited: 1,
        answered: 1,
        average: 4,
        counts: [0, 0, 0, 1, 0],
      });
    });
  });
});
