import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAction, dossierActions, type DossierStatus } from '../../src/shared/dossier-state.ts';
import { hasValidCheckDigit } from '../../src/shared/dossier-reference.ts';
import { insertDossier } from '../../src/server/procedures/procedure.repository.ts';
import { dossierReferencePattern, type DossierView, type PrefillView } from '../../src/shared/dossier.ts';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';
import { canteenAnswers } from '../../src/shared/procedures/school-canteen.example.ts';

const canteen = { procedure: 'school-canteen', answers: canteenAnswers };

let keyCounter = 0;
const newKey = () => `key-${Date.now()}-${(keyCounter += 1)}-procedures`;

describe.each(databaseKinds)('procedures and dossiers on %s', (kind) => {
  let test: TestApp;
  let citizen: Visitor;
  let otherCitizen: Visitor;
  let anonymous: Visitor;
  let educationAgent: Visitor;
  let civilStatusAgent: Visitor;
  let receptionist: Visitor;

  let citizenId = '';

  // Everyone signs in through the bundled development provider, as a browser would.
  beforeAll(async () => {
    test = await createTestApp(kind);
    [citizen, otherCitizen, anonymous, educationAgent, civilStatusAgent, receptionist] = (await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => visitor(test.app)),
    )) as [Visitor, Visitor, Visitor, Visitor, Visitor, Visitor];
    await signInAs(citizen, 'marie-dupont');
    await signInAs(otherCitizen, 'jean-martin');
    await signInAs(educationAgent, 'nadia-benali', { basePath: '/agent/auth' });
    await signInAs(civilStatusAgent, 'claire-petit', { basePath: '/agent/auth' });
    await signInAs(receptionist, 'karim-haddad', { basePath: '/agent/auth' });
    const identity = await test.database.db
      .selectFrom('person_identity')
      .select('person_id')
      .where('given_name', '=', 'Marie')
      .executeTakeFirstOrThrow();
    citizenId = identity.person_id;
  });
  afterAll(() => test.close());

  const db = () => test.database.db;
  const dossierCount = async (personId: string) =>
    Number(
      (
        await db()
          .selectFrom('dossier')
          .select((eb) => eb.fn.countAll().as('count'))
          .where('person_id', '=', personId)
          .executeTakeFirstOrThrow()
      ).count,
    );
  const submit = async (who: Visitor, body: unknown = canteen, key: string | null = newKey()) =>
    who.postJson('/api/dossiers', body, key ? { idempotencyKey: key } : {});
  const act = (who: Visitor, reference: string, action: string, message = '') =>
    who.postJson(`/api/agent/dossiers/${reference}/actions`, { action, message }, {});

  describe('pre-fill', () => {
    it('gives identity claims (frozen where the procedure says) and the family quotient from the connector', async () => {
      const response = await citizen.get('/api/procedures/school-canteen/prefill');
      expect(response.statusCode).toBe(200);
      const prefill = response.json<PrefillView>();
      expect(prefill.values.child_family_name).toBe('Dupont');
      expect(prefill.values.phone).toBe('06 12 34 56 78');
      expect(Number(prefill.values.family_quotient)).toBeGreaterThanOrEqual(300);
      expect(prefill.origins.family_quotient).toEqual({ source: 'connector', frozen: false, detail: 'family_quotient' });
      expect(prefill.origins.phone).toEqual({ source: 'identity', frozen: false, detail: 'FranceConnect' });

      const civil = (await citizen.get('/api/procedures/civil-status-certificate/prefill')).json<PrefillView>();
      expect(civil.values).toMatchObject({
        given_name: 'Marie',
        'birthdate.year': '1985',
        'birthdate.month': '03',
        'birthdate.day': '14',
      });
      expect(civil.origins.given_name?.frozen).toBe(true);
    });

    it('gives nothing personal to someone not signed in, and 404 for an unknown procedure', async () => {
      expect((await anonymous.get('/api/procedures/school-canteen/prefill')).json()).toEqual({ values: {}, origins: {} });
      expect((await citizen.get('/api/procedures/unknown/prefill')).statusCode).toBe(404);
    });
  });

  describe('drafts on the server', () => {
    it('keeps a signed-in citizen’s draft for another device, and only for them', async () => {
      const put = await citizen.request({
        method: 'PUT',
        url: '/api/procedures/school-canteen/draft',
        headers: { 'content-type': 'application/json', 'x-csrf-token': citizen.csrfToken, 'sec-fetch-site': 'same-origin' },
        payload: JSON.stringify({ procedure: 'school-canteen', answers: { child_given_name: 'Lou' } }),
      });
      expect(put.statusCode).toBe(204);
      const mine = await citizen.get('/api/procedures/school-canteen/draft');
      expect(mine.json()).toMatchObject({ draft: { procedure: 'school-canteen', answers: { child_given_name: 'Lou' } } });
      expect((await otherCitizen.get('/api/procedures/school-canteen/draft')).json()).toEqual({ draft: null });
      expect((await anonymous.get('/api/procedures/school-canteen/draft')).statusCode).toBe(401);
    });
  });

  describe('submission, exactly once (IETF idempotency)', () => {
    it('refuses someone not signed in (401) and a missing key (400)', async () => {
      expect((await submit(anonymous)).statusCode).toBe(401);
      const missing = await submit(citizen, canteen, null);
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toEqual({ error: 'idempotency_key_missing' });
    });

    it('validates with the schema the browser uses, field by field', async () => {
      const response = await submit(citizen, { procedure: 'school-canteen', answers: { ...canteenAnswers, days: '', phone: '12' } });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toEqual({
        error: 'validation',
        fields: {
          days: 'procedures:errors.choose_some|procedures:school-canteen.questions.days.label',
          phone: 'procedures:errors.phone|procedures:school-canteen.questions.phone.label',
        },
      });
    });

    it('creates a dossier with a random reference, a timeline event and an SMS, and clears the draft', async () => {
      const response = await submit(citizen);
      expect(response.statusCode).toBe(201);
      const created = response.json<{ reference: string; status: string }>();
      expect(created.reference).toMatch(dossierReferencePattern);
      expect(created.reference.startsWith(`GU-${new Date().getFullYear()}-`)).toBe(true);
      expect(hasValidCheckDigit(created.reference)).toBe(true);
      expect(created.status).toBe('submitted');
      const view = (await citizen.get(`/api/dossiers/${created.reference}`)).json<DossierView>();
      expect(view.events).toEqual([expect.objectContaining({ actor: 'citizen', channel: 'web', action: 'submit', status: 'submitted' })]);
      const sms = await db().selectFrom('notification').selectAll().where('person_id', '=', citizenId).execute();
      expect(
        sms.some((row) => row.template === 'dossier_status_changed' && row.channel === 'sms' && row.recipient === '+33612345678'),
      ).toBe(true);
      expect((await citizen.get('/api/procedures/school-canteen/draft')).json()).toEqual({ draft: null });
    });

    it('gives references that tell nothing of how many came before, nor the next one', async () => {
      const references: string[] = [];
      for (let index = 0; index < 4; index += 1) references.push((await submit(citizen)).json<{ reference: string }>().reference);
      const numbers = references.map((reference) => Number(reference.split('-')[2]));
      for (let index = 1; index < numbers.length; index += 1) {
        expect(Math.abs((numbers[index] ?? 0) - (numbers[index - 1] ?? 0))).toBeGreaterThan(1000);
      }
      const next = `GU-${new Date().getFullYear()}-${String((numbers.at(-1) ?? 0) + 1).padStart(6, '0')}`;
      expect((await db().selectFrom('dossier').select('id').where('reference', '=', next).execute()).length).toBe(0);
    });

    it('tells the service to draw again when a reference is taken, rather than failing the submission', async () => {
      const row = await db().selectFrom('dossier').selectAll().where('person_id', '=', citizenId).executeTakeFirstOrThrow();
      const clash = await insertDossier(db(), {
        reference: row.reference,
        procedure: row.procedure,
        service: row.service,
        person_id: row.person_id,
        status: 'submitted',
        answers: JSON.stringify(row.answers),
        contact_phone: null,
        language: 'fr',
        submission_key: newKey(),
      });
      expect(clash).toBeUndefined();
    });

    it('replays the stored response for the same key and body; 422 for the same key with another body', async () => {
      const key = newKey();
      const first = await submit(citizen, canteen, key);
      const again = await submit(citizen, { answers: { ...canteenAnswers }, procedure: 'school-canteen' }, key);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      const other = await submit(citizen, { procedure: 'school-canteen', answers: { ...canteenAnswers, school: 'jean_jaures' } }, key);
      expect(other.statusCode).toBe(422);
      expect(other.json()).toEqual({ error: 'idempotency_key_reused' });
    });

    it('turns 20 concurrent identical submissions into exactly one dossier', async () => {
      const before = await dossierCount(citizenId);
      const key = newKey();
      const responses = await Promise.all(Array.from({ length: 20 }, () => submit(citizen, canteen, key)));
      expect(await dossierCount(citizenId)).toBe(before + 1);
      expect(responses.every((response) => response.statusCode === 201 || response.statusCode === 409)).toBe(true);
      const references = new Set(responses.filter((r) => r.statusCode === 201).map((r) => r.json<{ reference: string }>().reference));
      expect(references.size).toBe(1);
    });

    it('scopes keys to the person: another citizen with the same key gets their own dossier', async () => {
      const key = newKey();
      const mine = await submit(citizen, canteen, key);
      const theirs = await submit(otherCitizen, canteen, key);
      expect(theirs.statusCode).toBe(201);
      expect(theirs.json<{ reference: string }>().reference).not.toBe(mine.json<{ reference: string }>().reference);
    });

    it('has the database refuse a second dossier for the same submission, whatever the path', async () => {
      const row = await db().selectFrom('dossier').selectAll().where('person_id', '=', citizenId).executeTakeFirstOrThrow();
      await expect(
        db()
          .insertInto('dossier')
          .values({
            procedure: row.procedure,
            service: row.service,
            person_id: row.person_id,
            status: 'submitted',
            answers: JSON.stringify(row.answers),
            contact_phone: null,
            language: 'fr',
            submission_key: row.submission_key,
            reference: 'GU-2026-0000000000',
          })
          .execute(),
      ).rejects.toThrow(/dossier_one_per_submission|duplicate key/);
    });

    it('takes frozen identity answers from sign-in, not from the browser', async () => {
      const response = await submit(citizen, {
        procedure: 'civil-status-certificate',
        answers: {
          given_name: 'Someone else',
          family_name: 'Else',
          kind: 'with_parents',
          copies: '2',
          delivery: 'email',
          email: 'c@example.fr',
          phone: '0612345678',
        },
      });
      expect(response.statusCode).toBe(201);
      const view = (await citizen.get(`/api/dossiers/${response.json<{ reference: string }>().reference}`)).json<DossierView>();
      expect(view.answers).toMatchObject({
        given_name: 'Marie',
        family_name: 'Dupont',
        'birthdate.year': '1985',
        born_abroad: 'no',
        birthplace: 'Paris',
      });
    });
  });

  describe('tell us once', () => {
    it('pre-fills the parking permit’s address from the canteen dossier', async () => {
      const prefill = (await citizen.get('/api/procedures/resident-parking-permit/prefill')).json<PrefillView>();
      expect(prefill.values).toMatchObject({ 'address.line1': '12 rue des Lilas', 'address.postcode': '87000', 'address.city': 'Limoges' });
      expect(prefill.origins.address?.source).toBe('earlier_dossier');
      expect(prefill.origins.address?.detail).toMatch(dossierReferencePattern);
    });
  });

  describe('access', () => {
    it('lets a citizen see only their own dossiers: another’s reference is 404', async () => {
      const reference = (await submit(citizen)).json<{ reference: string }>().reference;
      expect((await otherCitizen.get(`/api/dossiers/${reference}`)).statusCode).toBe(404);
      expect((await anonymous.get(`/api/dossiers/${reference}`)).statusCode).toBe(401);
      const list = (await otherCitizen.get('/api/dossiers')).json<{ reference: string }[]>();
      expect(list.map((item) => item.reference)).not.toContain(reference);
      expect((await citizen.get('/api/dossiers')).json<{ reference: string }[]>().map((item) => item.reference)).toContain(reference);
    });

    it('lets case handlers see only their service’s dossiers, and only with the role', async () => {
      const reference = (await submit(citizen)).json<{ reference: string }>().reference;
      expect((await educationAgent.get(`/api/agent/dossiers/${reference}`)).statusCode).toBe(200);
      expect((await civilStatusAgent.get(`/api/agent/dossiers/${reference}`)).statusCode).toBe(404);
      expect((await receptionist.get(`/api/agent/dossiers/${reference}`)).statusCode).toBe(403);
      expect((await citizen.get(`/api/agent/dossiers/${reference}`)).statusCode).toBe(401);
      const listed = (await educationAgent.get('/api/agent/dossiers?status=submitted')).json<{ reference: string }[]>();
      expect(listed.map((item) => item.reference)).toContain(reference);
      expect(
        (await civilStatusAgent.get('/api/agent/dossiers'))
          .json<{ procedure: string }[]>()
          .every((item) => item.procedure === 'civil-status-certificate'),
      ).toBe(true);
      expect((await educationAgent.get('/api/agent/dossiers?older_than_days=3')).json()).toEqual([]);
    });
  });

  describe('case handling', () => {
    it('asks for more information: new status, a message on the timeline, an SMS, an audit line', async () => {
      const reference = (await submit(citizen)).json<{ reference: string }>().reference;
      expect((await act(educationAgent, reference, 'start_review')).statusCode).toBe(200);
      const asked = await act(educationAgent, reference, 'request_information', 'Merci d’ajouter le certificat médical.');
      expect(asked.statusCode).toBe(200);
      const view = (await citizen.get(`/api/dossiers/${reference}`)).json<DossierView>();
      expect(view.status).toBe('needs_information');
      expect(view.events.at(-1)).toMatchObject({
        actor: 'agent',
        action: 'request_information',
        message: 'Merci d’ajouter le certificat médical.',
      });
      const sms = await db().selectFrom('notification').select(['params']).where('template', '=', 'dossier_status_changed').execute();
      expect(sms.some((row) => JSON.stringify(row.params).includes('needs_information'))).toBe(true);
      const audit = await db().selectFrom('audit_log').selectAll().where('subject_id', '=', reference).orderBy('id').execute();
      expect(audit.map((line) => line.action)).toEqual(['dossier.start_review', 'dossier.request_information']);

      const answered = await citizen.postJson(`/api/dossiers/${reference}/information`, { message: 'Le voici, envoyé par courrier.' }, {});
      expect(answered.statusCode).toBe(200);
      expect(answered.json<DossierView>().status).toBe('in_review');
    });

    it('needs a message to ask for information', async () => {
      const reference = (await submit(citizen)).json<{ reference: string }>().reference;
      await act(educationAgent, reference, 'start_review');
      const response = await act(educationAgent, reference, 'request_information', '  ');
      expect(response.statusCode).toBe(422);
      expect(response.json()).toEqual({ error: 'validation', fields: { message: 'case-handling:errors.message_required' } });
    });

    it('refuses every illegal transition through the API (random sequences against the model)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.constantFrom(...dossierActions), { minLength: 1, maxLength: 6 }), async (actions) => {
          const reference = (await submit(citizen)).json<{ reference: string }>().reference;
          let expected: DossierStatus = 'submitted';
          for (const action of actions) {
            const response = await act(educationAgent, reference, action, 'Message');
            const model = applyAction(expected, action, 'agent');
            expect(response.statusCode).toBe(model.ok ? 200 : 409);
            if (model.ok) expected = model.to;
          }
          const stored = await db().selectFrom('dossier').select('status').where('reference', '=', reference).executeTakeFirstOrThrow();
          expect(stored.status).toBe(expected);
        }),
        { numRuns: 12 },
      );
    });

    it('keeps the audit log append-only: the database refuses UPDATE and DELETE', async () => {
      const count = await db()
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow();
      expect(Number(count.count)).toBeGreaterThan(0);
      // The trigger refuses (PGlite, one PostgreSQL role), or the app's role has no such privilege at all.
      const refused = /append-only|permission denied/;
      await expect(db().updateTable('audit_log').set({ action: 'rewritten' }).execute()).rejects.toThrow(refused);
      await expect(db().deleteFrom('audit_log').execute()).rejects.toThrow(refused);
      await expect(sql`truncate audit_log`.execute(db())).rejects.toThrow(refused);
    });
  });
});
