import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CitizenFile, CitizenSummary } from '../../src/shared/citizen.ts';
import type { DossierView } from '../../src/shared/dossier.ts';
import type { MandateView } from '../../src/shared/mandate.ts';
import { addPhone, insertPerson } from '../../src/server/account/person.repository.ts';
import { codeRequestThrottle } from '../../src/server/mandates/mandate.service.ts';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';
import { certificateAnswers } from '../../src/shared/procedures/civil-status-certificate.example.ts';

let keyCounter = 0;
const newKey = () => `key-${Date.now()}-${(keyCounter += 1)}-mandates`;

describe.each(databaseKinds)('acting on a citizen’s behalf, on %s', (kind) => {
  let test: TestApp;
  let now = new Date('2026-11-26T09:00:00Z');
  let marie: Visitor;
  let jean: Visitor;
  let phoneAgent: Visitor;
  let counterAgent: Visitor;
  let caseHandler: Visitor;
  let marieId = '';
  let jeanId = '';
  const marieVerifiedPhone = '+33612345678';

  beforeAll(async () => {
    test = await createTestApp(kind, { SESSION_IDLE_MINUTES: '1440', SESSION_ABSOLUTE_HOURS: '720' }, { clock: () => new Date(now) });
    [marie, jean, phoneAgent, counterAgent, caseHandler] = (await Promise.all([1, 2, 3, 4, 5].map(() => visitor(test.app)))) as [
      Visitor,
      Visitor,
      Visitor,
      Visitor,
      Visitor,
    ];
    await signInAs(marie, 'marie-dupont');
    await signInAs(jean, 'jean-martin');
    await signInAs(phoneAgent, 'sophie-moreau', { basePath: '/agent/auth' });
    await signInAs(counterAgent, 'karim-haddad', { basePath: '/agent/auth' });
    await signInAs(caseHandler, 'claire-petit', { basePath: '/agent/auth' });
    const personOf = async (subject: string) =>
      (await db().selectFrom('person_identity').select('person_id').where('subject', '=', subject).executeTakeFirstOrThrow()).person_id;
    marieId = await personOf('marie-dupont');
    jeanId = await personOf('jean-martin');
    // Marie verified her number by SMS code earlier (the account page's own journey, tested elsewhere).
    await addPhone(db(), marieId, marieVerifiedPhone, 'sms_code', now);
    // The places and counters: Karim's unit staffs the Limoges town hall (civil status, not schools).
    await seedDemoData(db());
  });
  afterAll(() => test.close());
  beforeEach(() => {
    // Each test starts later than the last, so the resend delay of a code never links two tests.
    now = new Date(now.getTime() + 3_600_000);
  });

  const db = () => test.database.db;
  const post = (who: Visitor, url: string, body: unknown, key?: string) => who.postJson(url, body, key ? { idempotencyKey: key } : {});
  const askCode = (who: Visitor, personId: string, scope = 'procedure:civil-status-certificate', duration = '1d') =>
    post(who, `/api/agent/citizens/${personId}/mandates`, { scope, duration, method: 'sms_code' });
  const lastCode = async (personId: string) => {
    const row = await db()
      .selectFrom('notification')
      .select('params')
      .where('person_id', '=', personId)
      .where('template', '=', 'mandate_consent_code')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return String(row.params.code);
  };
  const typeCode = (who: Visitor, mandate: MandateView, code: string, personId = marieId) =>
    post(who, `/api/agent/citizens/${personId}/mandates/${mandate.id}/code`, { code });
  const auditActions = async (mandateId: string) =>
    (
      await db()
        .selectFrom('audit_log')
        .select('action')
        .where('subject_type', '=', 'mandate')
        .where('subject_id', '=', mandateId)
        .orderBy('id')
        .execute()
    ).map((row) => row.action);
  const agentId = async (subject: string) =>
    (await db().selectFrom('agent').select('id').where('subject', '=', subject).executeTakeFirstOrThrow()).id;
  const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');
  const grantedBySms = async (who: Visitor = phoneAgent, scope?: string, duration?: string) => {
    const asked = await askCode(who, marieId, scope, duration);
    expect(asked.statusCode, asked.body).toBe(201);
    const mandate = asked.json<MandateView>();
    const checked = await typeCode(who, mandate, await lastCode(marieId));
    expect(checked.statusCode, checked.body).toBe(200);
    return checked.json<MandateView>();
  };
  const submitFor = (
    who: Visitor,
    personId: string,
    procedure = 'civil-status-certificate',
    answers: Record<string, string> = certificateAnswers,
  ) => post(who, `/api/agent/citizens/${personId}/dossiers`, { procedure, answers }, newKey());

  describe('finding a citizen', () => {
    it('by verified phone number, as people write it, or by name; an unverified number finds nobody', async () => {
      const byPhone = await phoneAgent.get(`/api/agent/citizens?q=${encodeURIComponent('06 12 34 56 78')}`);
      expect(byPhone.statusCode).toBe(200);
      expect(byPhone.json<CitizenSummary[]>()).toEqual([
        { id: marieId, name: 'Marie Dupont', birthdate: '1985-03-14', verifiedPhones: ['06 12 34 56 78'] },
      ]);
      const byName = await counterAgent.get(`/api/agent/citizens?q=${encodeURIComponent('dupont marie')}`);
      expect(byName.json<CitizenSummary[]>().map((found) => found.id)).toEqual([marieId]);
      // Jean gave no number; Odette's would come from her provider only, never verified by code.
      expect((await phoneAgent.get('/api/agent/citizens?q=0698765432')).json()).toEqual([]);
      const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'citizen.searched').execute();
      expect(JSON.stringify(audit)).not.toContain('12 34');
    });

    it('is for agents only; a bad query is a 400', async () => {
      expect((await marie.get('/api/agent/citizens?q=Dupont')).statusCode).toBe(401);
      expect((await marie.get(`/api/agent/citizens/${marieId}`)).statusCode).toBe(401);
      expect((await phoneAgent.get('/api/agent/citizens?q=a')).statusCode).toBe(400);
      expect((await phoneAgent.get('/api/agent/citizens/not-a-uuid')).statusCode).toBe(404);
    });
  });

  describe('consent by SMS code', () => {
    it('sends a code to the verified phone, hashed at rest, in the citizen’s language; a wrong code is refused, the right one grants', async () => {
      await db().updateTable('person').set({ language: 'en' }).where('id', '=', marieId).execute();
      const asked = await askCode(phoneAgent, marieId);
      expect(asked.statusCode, asked.body).toBe(201);
      const mandate = asked.json<MandateView>();
      expect(mandate).toMatchObject({ status: 'pending', method: 'sms_code', channel: 'phone', codeSentTo: '06 •• •• •• 78', mine: true });
      const code = await lastCode(marieId);
      const stored = await db().selectFrom('mandate').selectAll().where('id', '=', mandate.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(code);
      // The code is one of the one-time codes, hashed like every other.
      const codeRow = await db().selectFrom('one_time_code').selectAll().where('subject', '=', mandate.id).executeTakeFirstOrThrow();
      expect(codeRow).toMatchObject({ purpose: 'mandate_consent', phone: marieVerifiedPhone, attempts: 0 });
      expect(JSON.stringify(codeRow)).not.toContain(code);
      const sms = await db()
        .selectFrom('notification')
        .selectAll()
        .where('template', '=', 'mandate_consent_code')
        .where('person_id', '=', marieId)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      expect(sms).toMatchObject({ recipient: marieVerifiedPhone, channel: 'sms' });

      const wrong = await typeCode(phoneAgent, mandate, wrongCode(code));
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json()).toEqual({ error: 'code_wrong', fields: { code: 'common:one_time_code.code_wrong' } });
      // Another agent cannot use a code sent for a colleague's mandate.
      expect((await typeCode(counterAgent, mandate, code)).statusCode).toBe(404);
      const granted = await typeCode(phoneAgent, mandate, code);
      expect(granted.statusCode).toBe(200);
      const view = granted.json<MandateView>();
      expect(view.status).toBe('granted');
      // One day by default.
      expect(new Date(view.expiresAt ?? '').getTime() - now.getTime()).toBe(24 * 3_600_000);
      expect(await auditActions(mandate.id)).toEqual([
        'mandate.requested',
        'mandate.code_failed',
        'mandate.code_checked',
        'mandate.granted',
      ]);
      // Granted once: the same code again changes nothing.
      expect((await typeCode(phoneAgent, mandate, code)).statusCode).toBe(409);
      await db().updateTable('person').set({ language: null }).where('id', '=', marieId).execute();
      const language = await db()
        .selectFrom('notification')
        .select('language')
        .where('template', '=', 'mandate_consent_code')
        .executeTakeFirstOrThrow();
      expect(language.language).toBe('en');
    });

    it('refuses an expired code, and ends the request', async () => {
      const mandate = (await askCode(phoneAgent, marieId)).json<MandateView>();
      const code = await lastCode(marieId);
      now = new Date(now.getTime() + 11 * 60_000);
      const late = await typeCode(phoneAgent, mandate, code);
      expect(late.json()).toEqual({ error: 'code_expired', fields: { code: 'common:one_time_code.code_expired' } });
      expect((await db().selectFrom('mandate').select('status').where('id', '=', mandate.id).executeTakeFirstOrThrow()).status).toBe(
        'failed',
      );
      expect(await auditActions(mandate.id)).toEqual(['mandate.requested', 'mandate.code_failed']);
    });

    it('allows three tries, then even the right code is refused', async () => {
      const mandate = (await askCode(phoneAgent, marieId)).json<MandateView>();
      const code = await lastCode(marieId);
      expect((await typeCode(phoneAgent, mandate, wrongCode(code))).json<{ error: string }>().error).toBe('code_wrong');
      expect((await typeCode(phoneAgent, mandate, wrongCode(code))).json<{ error: string }>().error).toBe('code_wrong');
      expect((await typeCode(phoneAgent, mandate, wrongCode(code))).json<{ error: string }>().error).toBe('code_attempts_exhausted');
      expect((await typeCode(phoneAgent, mandate, code)).statusCode).toBe(409);
      expect(await auditActions(mandate.id)).toEqual([
        'mandate.requested',
        'mandate.code_failed',
        'mandate.code_failed',
        'mandate.code_failed',
      ]);
    });

    it('refuses a second code within a minute, and a citizen without a verified phone', async () => {
      expect((await askCode(phoneAgent, marieId)).statusCode).toBe(201);
      const again = await askCode(phoneAgent, marieId);
      expect(again.statusCode).toBe(429);
      expect(again.json()).toMatchObject({ fields: { method: 'citizens:errors.code_too_soon' } });
      const noPhone = await askCode(phoneAgent, jeanId);
      expect(noPhone.statusCode).toBe(422);
      expect(noPhone.json()).toEqual({ error: 'no_verified_phone', fields: { method: 'citizens:errors.no_verified_phone' } });
    });

    it('needs a number the citizen verified: without one, refused with the reason, and no way round it by phone', async () => {
      const bySms = await askCode(phoneAgent, jeanId);
      expect(bySms.statusCode).toBe(422);
      expect(bySms.json()).toEqual({ error: 'no_verified_phone', fields: { method: 'citizens:errors.no_verified_phone' } });
      const inPerson = await post(phoneAgent, `/api/agent/citizens/${jeanId}/mandates`, {
        scope: 'procedure:civil-status-certificate',
        duration: '1d',
        method: 'in_person',
        document: 'identity_card',
        checks: 'photo,names,birthdate,valid',
      });
      expect(inPerson.statusCode).toBe(403);
      expect(
        await db()
          .selectFrom('mandate')
          .select('id')
          .where('person_id', '=', jeanId)
          .where('agent_id', '=', await agentId('sophie-moreau'))
          .execute(),
      ).toEqual([]);
      const refusals = await db()
        .selectFrom('audit_log')
        .select(['subject_id', 'details'])
        .where('action', '=', 'mandate.refused')
        .where('subject_id', '=', jeanId)
        .execute();
      expect(refusals.slice(-2).map((row) => (row.details as { reason: string }).reason)).toEqual([
        'no_verified_phone',
        'in_person_needs_counter',
      ]);
    });

    it('is for front-desk agents: not citizens, not case handlers', async () => {
      expect((await askCode(caseHandler, marieId)).statusCode).toBe(403);
      expect(
        (await post(marie, `/api/agent/citizens/${marieId}/mandates`, { scope: 'theme:education', method: 'sms_code', duration: '1d' }))
          .statusCode,
      ).toBe(401);
      const invalid = await post(phoneAgent, `/api/agent/citizens/${marieId}/mandates`, {
        scope: 'theme:nowhere',
        method: 'sms_code',
        duration: '1d',
      });
      expect(invalid.json()).toEqual({ error: 'validation', fields: { scope: 'citizens:errors.scope_required' } });
    });
  });

  describe('code requests are throttled, whatever became of the earlier ones', () => {
    const failRound = async (mandate: MandateView) => {
      const code = await lastCode(marieId);
      for (let round = 0; round < 3; round += 1) await typeCode(phoneAgent, mandate, wrongCode(code));
    };

    it('per citizen: not again at once after a failed round, and a few an hour at most', async () => {
      const start = now;
      const first = await askCode(phoneAgent, marieId);
      expect(first.statusCode, first.body).toBe(201);
      await failRound(first.json<MandateView>());
      // Three wrong guesses ended the round: a new code at once would be three more guesses.
      const atOnce = await askCode(phoneAgent, marieId);
      expect(atOnce.statusCode).toBe(429);
      expect(atOnce.json()).toEqual({ error: 'code_too_soon', fields: { method: 'citizens:errors.code_too_soon' } });
      // Another agent asking for the same citizen is held back too.
      expect((await askCode(counterAgent, marieId)).statusCode).toBe(429);
      for (let sent = 1; sent < codeRequestThrottle.perCitizen; sent += 1) {
        now = new Date(now.getTime() + codeRequestThrottle.resendAfterSeconds * 1000);
        const again = await askCode(phoneAgent, marieId);
        expect(again.statusCode, again.body).toBe(201);
        await failRound(again.json<MandateView>());
      }
      now = new Date(now.getTime() + codeRequestThrottle.resendAfterSeconds * 1000);
      const tooMany = await askCode(counterAgent, marieId);
      expect(tooMany.statusCode).toBe(429);
      expect(tooMany.json()).toEqual({ error: 'too_many_codes_citizen', fields: { method: 'citizens:errors.too_many_codes_citizen' } });
      const sent = await db()
        .selectFrom('mandate')
        .select('id')
        .where('person_id', '=', marieId)
        .where('consent_method', '=', 'sms_code')
        .where('requested_at', '>=', start)
        .execute();
      expect(sent.length).toBe(codeRequestThrottle.perCitizen);
      const refusals = await db().selectFrom('audit_log').select('details').where('action', '=', 'mandate.refused').execute();
      expect(refusals.map((row) => (row.details as { reason: string }).reason)).toContain('too_many_codes_citizen');
    });

    it('per agent: a few dozen codes an hour, to as many citizens, and no more', async () => {
      const people: string[] = [];
      for (let index = 0; index <= codeRequestThrottle.perAgent; index += 1) {
        const personId = await insertPerson(db());
        await addPhone(db(), personId, `+3361000${String(index).padStart(4, '0')}`, 'sms_code', now);
        people.push(personId);
      }
      for (const personId of people.slice(0, codeRequestThrottle.perAgent)) {
        const asked = await askCode(phoneAgent, personId);
        expect(asked.statusCode, asked.body).toBe(201);
      }
      const over = await askCode(phoneAgent, people.at(-1) ?? '');
      expect(over.statusCode).toBe(429);
      expect(over.json()).toEqual({ error: 'too_many_codes_agent', fields: { method: 'citizens:errors.too_many_codes_agent' } });
      // Another agent can still ask that citizen.
      expect((await askCode(counterAgent, people.at(-1) ?? '')).statusCode).toBe(201);
    });

    it('lets only one of many requests at once through', async () => {
      const answers = await Promise.all(Array.from({ length: 5 }, () => askCode(phoneAgent, marieId)));
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 429, 429, 429, 429]);
    });
  });

  describe('consent in person', () => {
    it('is for counter agents only: a phone agent cannot record it, with or without a verified number', async () => {
      const body = {
        scope: 'theme:civil_status',
        duration: '1d',
        method: 'in_person',
        document: 'passport',
        checks: 'photo,names,birthdate,valid',
      };
      for (const personId of [marieId, jeanId]) {
        const refused = await post(phoneAgent, `/api/agent/citizens/${personId}/mandates`, body);
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toEqual({ error: 'in_person_needs_counter', fields: { method: 'citizens:errors.in_person_needs_counter' } });
      }
      expect(
        await db()
          .selectFrom('mandate')
          .select('id')
          .where('consent_method', '=', 'in_person')
          .where('agent_id', '=', await agentId('sophie-moreau'))
          .execute(),
      ).toEqual([]);
      expect((await phoneAgent.get(`/api/agent/citizens/${jeanId}/procedures/civil-status-certificate/prefill`)).statusCode).toBe(403);
    });

    it('only at a counter serving the mandate’s service: Karim’s town hall does not handle schools', async () => {
      const refused = await post(counterAgent, `/api/agent/citizens/${jeanId}/mandates`, {
        scope: 'theme:education',
        duration: '1d',
        method: 'in_person',
        document: 'passport',
        checks: 'photo,names,birthdate,valid',
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual({ error: 'counter_not_of_service', fields: { scope: 'citizens:errors.counter_not_of_service' } });
      const procedureOfSchools = await post(counterAgent, `/api/agent/citizens/${jeanId}/mandates`, {
        scope: 'procedure:school-canteen',
        duration: '1d',
        method: 'in_person',
        document: 'passport',
        checks: 'photo,names,birthdate,valid',
      });
      expect(procedureOfSchools.statusCode).toBe(403);
      expect((await counterAgent.get(`/api/agent/citizens/${jeanId}/procedures/school-canteen/prefill`)).statusCode).toBe(403);
    });
  });

  describe('consent in person', () => {
    it('needs the document and every check ticked; then it is granted at once', async () => {
      const url = `/api/agent/citizens/${jeanId}/mandates`;
      const partial = await post(counterAgent, url, {
        scope: 'theme:education',
        duration: '1h',
        method: 'in_person',
        document: 'passport',
        checks: 'photo,names',
      });
      expect(partial.json()).toEqual({ error: 'validation', fields: { checks: 'citizens:errors.checks_required' } });
      const bare = await post(counterAgent, url, { scope: 'theme:education', duration: '1h', method: 'in_person' });
      expect(bare.json()).toEqual({
        error: 'validation',
        fields: { document: 'citizens:errors.document_required', checks: 'citizens:errors.checks_required' },
      });
      const granted = await post(counterAgent, url, {
        scope: 'theme:civil_status',
        duration: '1h',
        method: 'in_person',
        document: 'passport',
        checks: 'photo,names,birthdate,valid',
      });
      expect(granted.statusCode).toBe(201);
      const mandate = granted.json<MandateView>();
      expect(mandate).toMatchObject({ status: 'granted', method: 'in_person', channel: 'counter' });
      const audit = await db().selectFrom('audit_log').selectAll().where('subject_id', '=', mandate.id).orderBy('id').execute();
      expect(audit.map((row) => row.action)).toEqual(['mandate.requested', 'mandate.granted']);
      expect(audit[1]?.details).toMatchObject({ document: 'passport', checks: ['photo', 'names', 'birthdate', 'valid'] });
    });
  });

  describe('with a mandate', () => {
    it('submits through the same validation, records who and how, texts the citizen, and the citizen reads "on your behalf"', async () => {
      const mandate = await grantedBySms(phoneAgent);
      // The same server validation as the citizen's own form.
      const invalid = await submitFor(phoneAgent, marieId, 'civil-status-certificate', { ...certificateAnswers, kind: '' });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.json<{ fields: Record<string, string> }>().fields).toHaveProperty('kind');

      const draft = await phoneAgent.request({
        method: 'PUT',
        url: `/api/agent/citizens/${marieId}/procedures/civil-status-certificate/draft`,
        headers: { 'content-type': 'application/json', 'x-csrf-token': phoneAgent.csrfToken, 'sec-fetch-site': 'same-origin' },
        payload: JSON.stringify({ procedure: 'civil-status-certificate', answers: { kind: 'full_copy' } }),
      });
      expect(draft.statusCode).toBe(204);
      // The draft is the citizen's: they find it when they sign in.
      expect((await marie.get('/api/procedures/civil-status-certificate/draft')).json()).toMatchObject({
        draft: { answers: { kind: 'full_copy' } },
      });
      const prefill = await phoneAgent.get(`/api/agent/citizens/${marieId}/procedures/civil-status-certificate/prefill`);
      expect(prefill.statusCode).toBe(200);

      const submitted = await submitFor(phoneAgent, marieId);
      expect(submitted.statusCode, submitted.body).toBe(201);
      const { reference } = submitted.json<{ reference: string }>();
      const row = await db().selectFrom('dossier').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ person_id: marieId, submission_channel: 'phone', mandate_id: mandate.id, status: 'submitted' });
      expect(await auditActions(mandate.id)).toEqual([
        'mandate.requested',
        'mandate.code_checked',
        'mandate.granted',
        'mandate.draft_saved',
      ]);
      const submitAudit = await db().selectFrom('audit_log').selectAll().where('subject_id', '=', reference).executeTakeFirstOrThrow();
      expect(submitAudit).toMatchObject({ action: 'dossier.submitted_on_behalf', actor_kind: 'agent' });
      const sms = await db()
        .selectFrom('notification')
        .selectAll()
        .where('template', '=', 'dossier_submitted_on_behalf')
        .where('person_id', '=', marieId)
        .executeTakeFirstOrThrow();
      expect(sms).toMatchObject({ recipient: marieVerifiedPhone, language: 'fr', params: { reference, channel: 'phone' } });

      const seen = (await marie.get(`/api/dossiers/${reference}`)).json<DossierView>();
      expect(seen.submittedOnBehalf).toEqual({ agentName: 'Sophie Moreau', channel: 'phone' });
      expect(seen.events[0]).toMatchObject({ actor: 'agent', channel: 'phone', action: 'submit' });
      // The citizen's page says it in words (see locales): "Déposée en votre nom par Sophie Moreau, par téléphone."
      const { default: dossiers } = await import('../../locales/fr/dossiers.json', { with: { type: 'json' } });
      expect(
        dossiers.dossier.on_behalf
          .replace('{{agent}}', 'Sophie Moreau')
          .replace('$t(dossiers:channel.{{channel}})', dossiers.channel.phone),
      ).toBe('Déposée en votre nom par Sophie Moreau, par téléphone.');
    });

    it('refuses what is outside the scope, another citizen, another agent, and a case handler: 403', async () => {
      await grantedBySms(phoneAgent, 'procedure:civil-status-certificate');
      expect((await submitFor(phoneAgent, marieId, 'resident-parking-permit', {})).statusCode).toBe(403);
      expect((await submitFor(phoneAgent, jeanId)).statusCode).toBe(403);
      expect((await submitFor(counterAgent, marieId)).statusCode).toBe(403);
      expect((await submitFor(caseHandler, marieId)).statusCode).toBe(403);
      expect((await phoneAgent.get(`/api/agent/citizens/${marieId}/procedures/school-canteen/prefill`)).statusCode).toBe(403);
      expect((await submitFor(marie, marieId)).statusCode).toBe(401);
    });

    it('a theme covers each procedure of its service', async () => {
      await grantedBySms(counterAgent, 'theme:civil_status');
      expect((await submitFor(counterAgent, marieId)).statusCode).toBe(201);
    });

    it('ends with its duration (expired, in the audit log) or when revoked', async () => {
      // Mandates from the tests above are still in force: ended first, so only this one counts.
      const file = (await phoneAgent.get(`/api/agent/citizens/${marieId}`)).json<CitizenFile>();
      for (const earlier of file.mandates.filter((mandate) => mandate.mine && mandate.status === 'granted')) {
        expect((await post(phoneAgent, `/api/agent/citizens/${marieId}/mandates/${earlier.id}/revoke`, {})).statusCode).toBe(200);
      }
      const short = await grantedBySms(phoneAgent, 'procedure:civil-status-certificate', '1h');
      now = new Date(now.getTime() + 61 * 60_000);
      expect((await submitFor(phoneAgent, marieId)).statusCode).toBe(403);
      expect(await auditActions(short.id)).toContain('mandate.expired');

      now = new Date(now.getTime() + 2 * 60_000);
      const revoked = await grantedBySms(phoneAgent);
      const revoke = await post(phoneAgent, `/api/agent/citizens/${marieId}/mandates/${revoked.id}/revoke`, {});
      expect(revoke.json<MandateView>().status).toBe('revoked');
      expect((await submitFor(phoneAgent, marieId)).statusCode).toBe(403);
      expect((await auditActions(revoked.id)).at(-1)).toBe('mandate.revoked');
    });
  });

  describe('messages about a dossier filed on behalf', () => {
    const messagesAbout = async (reference: string) =>
      (
        await db()
          .selectFrom('notification')
          .select(['channel', 'recipient', 'template', 'params'])
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      ).filter((row) => (row.params as { reference?: string }).reference === reference);

    it('go to the citizen’s verified number, never to a number the agent typed in the answers', async () => {
      await grantedBySms(phoneAgent, 'procedure:civil-status-certificate');
      const submitted = await submitFor(phoneAgent, marieId, 'civil-status-certificate', {
        ...certificateAnswers,
        phone: '07 00 00 00 01',
      });
      expect(submitted.statusCode, submitted.body).toBe(201);
      const { reference } = submitted.json<{ reference: string }>();
      // The case handler moves it on and asks for more: each status SMS follows the same rule.
      const act = (action: string, message = '') => post(caseHandler, `/api/agent/dossiers/${reference}/actions`, { action, message });
      expect((await act('start_review')).statusCode).toBe(200);
      expect((await act('request_information', 'Merci de préciser la commune de naissance.')).statusCode).toBe(200);
      const sent = await messagesAbout(reference);
      expect(sent.map((row) => row.template)).toEqual(['dossier_submitted_on_behalf', 'dossier_status_changed', 'dossier_status_changed']);
      expect(new Set(sent.map((row) => `${row.channel} ${row.recipient}`))).toEqual(new Set([`sms ${marieVerifiedPhone}`]));
    });

    it('go to the identity’s e-mail when the citizen has no verified number', async () => {
      const granted = await post(counterAgent, `/api/agent/citizens/${jeanId}/mandates`, {
        scope: 'procedure:civil-status-certificate',
        duration: '1h',
        method: 'in_person',
        document: 'identity_card',
        checks: 'photo,names,birthdate,valid',
      });
      expect(granted.statusCode, granted.body).toBe(201);
      const submitted = await submitFor(counterAgent, jeanId, 'civil-status-certificate', {
        ...certificateAnswers,
        phone: '07 00 00 00 02',
      });
      expect(submitted.statusCode, submitted.body).toBe(201);
      const { reference } = submitted.json<{ reference: string }>();
      expect(
        (await post(caseHandler, `/api/agent/dossiers/${reference}/actions`, { action: 'start_review', message: '' })).statusCode,
      ).toBe(200);
      const sent = await messagesAbout(reference);
      expect(sent.map((row) => [row.channel, row.recipient, row.template])).toEqual([
        ['email', 'jean.martin@example.fr', 'dossier_submitted_on_behalf'],
        ['email', 'jean.martin@example.fr', 'dossier_status_changed'],
      ]);
    });
  });

  describe('the citizen’s own view', () => {
    it('lists each mandate on the account page and revokes one at once; the agent is refused from then on', async () => {
      // Mandates from the tests above are still in force: ended first, so only this one counts.
      const file = (await phoneAgent.get(`/api/agent/citizens/${marieId}`)).json<CitizenFile>();
      for (const earlier of file.mandates.filter((mandate) => mandate.mine && mandate.status === 'granted')) {
        expect((await post(phoneAgent, `/api/agent/citizens/${marieId}/mandates/${earlier.id}/revoke`, {})).statusCode).toBe(200);
      }
      const mandate = await grantedBySms(phoneAgent, 'procedure:civil-status-certificate');
      const page = await marie.get('/account');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Sophie Moreau');
      expect(page.body).toContain('Mairie de Villeneuve – Accueil téléphonique');
      expect(page.body).toContain(`action="/account/mandates/${mandate.id}/revoke"`);

      // Someone else's mandate, or one without the CSRF token: nothing changes.
      expect((await jean.postForm(`/account/mandates/${mandate.id}/revoke`, {})).statusCode).toBe(404);
      const forged = await marie.request({
        method: 'POST',
        url: `/account/mandates/${mandate.id}/revoke`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:8080', host: 'localhost:8080' },
        payload: '',
      });
      expect(forged.statusCode).toBe(403);
      expect((await submitFor(phoneAgent, marieId)).statusCode).toBe(201);

      const revoked = await marie.postForm(`/account/mandates/${mandate.id}/revoke`, {});
      expect(revoked.statusCode).toBe(303);
      expect(revoked.headers.location).toBe('/account?notice=mandate_revoked');
      expect((await submitFor(phoneAgent, marieId)).statusCode).toBe(403);
      expect((await phoneAgent.get(`/api/agent/citizens/${marieId}/procedures/civil-status-certificate/prefill`)).statusCode).toBe(403);
      const audit = await db().selectFrom('audit_log').selectAll().where('subject_id', '=', mandate.id).orderBy('id').execute();
      expect(audit.at(-1)).toMatchObject({ action: 'mandate.revoked', actor_kind: 'citizen', actor_id: marieId });
      // Twice: already ended, said so.
      expect((await marie.postForm(`/account/mandates/${mandate.id}/revoke`, {})).headers.location).toBe(
        '/account?notice=mandate_not_active',
      );
      const after = (await marie.get('/account?notice=mandate_revoked')).body;
      expect(after).not.toContain(`action="/account/mandates/${mandate.id}/revoke"`);
    });
  });

  describe('one timeline', () => {
    it('gathers dossiers, callbacks, messages and mandates, newest first; every opening is audited', async () => {
      const before = await db().selectFrom('audit_log').select('id').where('action', '=', 'citizen.timeline_viewed').execute();
      const response = await caseHandler.get(`/api/agent/citizens/${marieId}`);
      expect(response.statusCode).toBe(200);
      const file = response.json<CitizenFile>();
      expect(file.citizen.name).toBe('Marie Dupont');
      const sources = new Set(file.timeline.map((entry) => entry.source));
      expect([...sources].sort()).toEqual(['dossier', 'mandate', 'message']);
      const times = file.timeline.map((entry) => entry.at);
      expect(times).toEqual([...times].sort().reverse());
      // Messages say what was sent, never the text (a code).
      expect(JSON.stringify(file.timeline)).not.toMatch(/"code"/);
      expect(file.mandates.some((mandate) => mandate.status === 'expired')).toBe(true);
      const after = await db().selectFrom('audit_log').selectAll().where('action', '=', 'citizen.timeline_viewed').execute();
      expect(after.length).toBe(before.length + 1);
      expect(after.at(-1)).toMatchObject({ subject_type: 'person', subject_id: marieId, actor_kind: 'agent' });
    });

    it('includes callback requests once they are the citizen’s', async () => {
      await db()
        .insertInto('callback_request')
        .values({
          reference: 'RAP-7K4Q-9XZ2',
          phone: marieVerifiedPhone,
          topic: 'civil_status',
          time_window: 'morning',
          name: null,
          language: 'fr',
          person_id: marieId,
        })
        .execute();
      const file = (await phoneAgent.get(`/api/agent/citizens/${marieId}`)).json<CitizenFile>();
      expect(file.timeline.find((entry) => entry.source === 'callback')).toMatchObject({
        what: 'callback_request',
        params: { reference: 'RAP-7K4Q-9XZ2', status: 'requested' },
      });
    });

    it('includes counter visits, the documents given with a request, and agents opening them', async () => {
      await seedDemoData(db());
      const startsAt = new Date(now.getTime() - 24 * 3600_000);
      await db()
        .insertInto('appointment')
        .values({
          reference: 'RDV-TIMELINE',
          manage_token_hash: 'timeline-test',
          service_id: 'civil_status',
          location_id: 'limoges-hotel-de-ville',
          counter_id: 'limoges-hotel-de-ville-1',
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + 15 * 60_000),
          phone: marieVerifiedPhone,
          name: 'Marie Dupont',
          language: 'fr',
          person_id: marieId,
          status: 'seen',
        })
        .execute();
      const dossier = await db()
        .selectFrom('dossier')
        .select(['id', 'reference'])
        .where('person_id', '=', marieId)
        .executeTakeFirstOrThrow();
      const document = await db()
        .insertInto('document')
        .values({
          id: '00000000-0000-4000-8000-00000000d0c5',
          person_id: marieId,
          name: 'Facture EDF',
          kind: 'proof_of_address',
          media_type: 'application/pdf',
          size: 10,
          sha256: '0'.repeat(64),
          status: 'clean',
          storage_key: 'timeline-test',
          wrapped_key: 'x',
          key_id: 'main',
          in_locker: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db().insertInto('dossier_document').values({ dossier_id: dossier.id, document_id: document.id, question: 'proof' }).execute();
      await db()
        .insertInto('audit_log')
        .values({ actor_kind: 'agent', actor_id: 'someone', action: 'document.viewed', subject_type: 'document', subject_id: document.id })
        .execute();

      const file = (await counterAgent.get(`/api/agent/citizens/${marieId}`)).json<CitizenFile>();
      expect(file.timeline.find((entry) => entry.source === 'visit')).toMatchObject({
        what: 'counter_visit',
        params: { reference: 'RDV-TIMELINE', place: 'Mairie de Limoges', status: 'seen' },
      });
      expect(
        file.timeline
          .filter((entry) => entry.source === 'document')
          .map((entry) => entry.what)
          .sort(),
      ).toEqual(['document_shared', 'document_viewed']);
      expect(file.timeline.find((entry) => entry.what === 'document_shared')?.params).toEqual({
        name: 'Facture EDF',
        reference: dossier.reference,
      });
    });
  });
});
