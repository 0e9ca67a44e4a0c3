import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { locationOf, signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

import procedureStrings from '../../locales/fr/procedures.json' with { type: 'json' };

const certificate = '/procedures/civil-status-certificate';
const certificateTitle = procedureStrings['civil-status-certificate'].title;
const canteen = '/procedures/school-canteen';

/** The page's <title>, as a browser tab and a screen reader name it. */
const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
const idempotencyKeyOf = (html: string) => /name="_idempotency_key" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe.each(databaseKinds)('procedure pages without JavaScript on %s', (kind) => {
  let test: TestApp;
  let citizen: Visitor;
  let other: Visitor;
  let anonymous: Visitor;

  beforeAll(async () => {
    test = await createTestApp(kind);
    [citizen, other, anonymous] = await Promise.all([visitor(test.app), visitor(test.app), visitor(test.app)]);
    await signInAs(citizen, 'marie-dupont');
    await signInAs(other, 'jean-martin');
  });
  afterAll(() => test.close());

  const db = () => test.database.db;
  const personOf = async (subject: string) =>
    (await db().selectFrom('person_identity').select('person_id').where('subject', '=', subject).executeTakeFirstOrThrow()).person_id;
  const draftOf = async (subject: string, procedure: string) =>
    (
      await db()
        .selectFrom('procedure_draft')
        .select('answers')
        .where('person_id', '=', await personOf(subject))
        .where('procedure', '=', procedure)
        .executeTakeFirst()
    )?.answers;
  const dossiersOf = async (subject: string) =>
    db()
      .selectFrom('dossier')
      .select(['reference', 'procedure'])
      .where('person_id', '=', await personOf(subject))
      .execute();
  /** A form post with repeated fields (ticked boxes), as a browser sends it. */
  const postFields = (who: Visitor, url: string, fields: [string, string][]) =>
    who.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:8080', host: 'localhost:8080' },
      payload: new URLSearchParams([['_csrf', who.csrfToken], ...fields]).toString(),
    });

  describe('signed out', () => {
    it('the start page says sending needs a sign-in, before any question, with a call back and a visit as other ways', async () => {
      const page = await anonymous.get(certificate);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`href="/auth/login?return=${encodeURIComponent(certificate)}"`);
      expect(page.body).toContain('href="/callback?topic=civil_status"');
      expect(page.body).toContain('href="/visit?service=civil_status"');
      expect(page.body).not.toContain('id="procedure"');
      // Without the app, no way in that would end on a sign-in wall halfway through.
      expect(page.body).not.toContain(`href="${certificate}/steps/`);
    });

    it('the call back form opens with the procedure as its subject', async () => {
      const page = await anonymous.get('/callback?topic=parking');
      expect(page.body).toMatch(/<input[^>]*value="parking"[^>]*checked|<input[^>]*checked[^>]*value="parking"/);
    });

    it('a step or the check page sends to sign in and back; a post too, with a safe return path', async () => {
      const step = await anonymous.get(`${certificate}/steps/certificate`);
      expect(step.statusCode).toBe(303);
      expect(locationOf(step)).toBe(`/auth/login?return=${encodeURIComponent(`${certificate}/steps/certificate`)}`);
      const check = await anonymous.get(`${certificate}/check`);
      expect(locationOf(check)).toBe(`/auth/login?return=${encodeURIComponent(`${certificate}/check`)}`);

      const posted = await anonymous.postForm(`${certificate}/steps/certificate?return=check`, { kind: 'full_copy', copies: '1' });
      expect(posted.statusCode).toBe(303);
      expect(locationOf(posted)).toBe(`/auth/login?return=${encodeURIComponent(`${certificate}/steps/certificate?return=check`)}`);
      const submitted = await anonymous.postForm(`${certificate}/check`, { _idempotency_key: 'anonymous-submit-key-0001' });
      expect(locationOf(submitted)).toBe(`/auth/login?return=${encodeURIComponent(`${certificate}/check`)}`);
    });

    it('after sign-in, the citizen comes back to the procedure', async () => {
      const returning = await visitor(test.app);
      const callback = await signInAs(returning, 'marie-dupont', { returnTo: `${certificate}/steps/certificate` });
      expect(locationOf(callback)).toBe(`${certificate}/steps/certificate`);
      const hostile = await visitor(test.app);
      expect(locationOf(await signInAs(hostile, 'marie-dupont', { returnTo: '//evil.example/procedures' }))).not.toContain('evil');
    });
  });

  describe('signed in', () => {
    it('a step is drawn by the server with what is known, its title naming the step and the procedure', async () => {
      const page = await citizen.get(`${certificate}/steps/identity`);
      expect(page.statusCode).toBe(200);
      expect(titleOf(page.body)).toBe(
        `Étape 1 sur 4 : ${procedureStrings['civil-status-certificate'].steps.identity} — ${certificateTitle} – Guichet`,
      );
      expect(page.body).toContain('value="Marie"');
      expect(page.body).not.toContain('Chargement');
      expect(page.body).toMatch(new RegExp(`<form[^>]*action="${certificate}/steps/identity"`));
    });

    it('a refused step comes back with the error summary, every value kept, and "Erreur :" in its title', async () => {
      const refused = await citizen.postForm(`${certificate}/steps/certificate`, { kind: 'full_copy', copies: '12' });
      expect(refused.statusCode).toBe(422);
      expect(titleOf(refused.body)).toMatch(/^Erreur : Étape 2 sur 4 : /);
      expect(refused.body).toContain('class="error-summary"');
      expect(refused.body).toContain('value="12"');
      expect(refused.body).toMatch(/<input[^>]*value="full_copy"[^>]*checked|<input[^>]*checked[^>]*value="full_copy"/);
      // Kept by the server even though refused: another device, or the next page load, finds it.
      expect(await draftOf('marie-dupont', 'civil-status-certificate')).toMatchObject({ kind: 'full_copy', copies: '12' });
    });

    it('walks every step with posts and redirects, checks, submits once even when pressed twice', async () => {
      const before = (await dossiersOf('marie-dupont')).length;
      const identity = await citizen.postForm(`${certificate}/steps/identity`, {
        given_name: 'Someone else',
        family_name: 'Dupont',
        'birthdate.year': '1985',
        birthplace: 'Limoges',
      });
      expect(identity.statusCode).toBe(303);
      expect(locationOf(identity)).toBe(`${certificate}/steps/certificate`);
      const kind = await citizen.postForm(`${certificate}/steps/certificate`, { kind: 'with_parents', copies: '2' });
      expect(locationOf(kind)).toBe(`${certificate}/steps/delivery`);
      // Both the e-mail and the address are drawn without the app; only the one the answer calls for counts.
      const deliveryPage = await citizen.get(`${certificate}/steps/delivery`);
      expect(deliveryPage.body).toContain('name="email"');
      expect(deliveryPage.body).toContain('name="postal_address.line1"');
      const delivery = await citizen.postForm(`${certificate}/steps/delivery`, { delivery: 'email', email: 'marie@example.fr' });
      expect(locationOf(delivery)).toBe(`${certificate}/steps/contact`);
      const contact = await citizen.postForm(`${certificate}/steps/contact`, { phone: '06 12 34 56 78', reason: '' });
      expect(locationOf(contact)).toBe(`${certificate}/check`);

      // "Change" from the check page comes back to it.
      const changed = await citizen.postForm(`${certificate}/steps/certificate?return=check`, { kind: 'full_copy', copies: '1' });
      expect(locationOf(changed)).toBe(`${certificate}/check`);

      const check = await citizen.get(`${certificate}/check`);
      expect(check.statusCode).toBe(200);
      expect(titleOf(check.body)).toBe(`Vérifiez vos réponses — ${certificateTitle} – Guichet`);
      expect(check.body).toContain('marie@example.fr');
      const key = idempotencyKeyOf(check.body);
      expect(key).not.toBe('');

      // Someone else posting this page's key files nothing of hers and finds nothing of hers.
      const stranger = await other.postForm(`${certificate}/check`, { _idempotency_key: key });
      expect(stranger.statusCode).toBe(422);
      expect(stranger.headers.location).toBeUndefined();

      const [first, second] = [
        await citizen.postForm(`${certificate}/check`, { _idempotency_key: key }),
        await citizen.postForm(`${certificate}/check`, { _idempotency_key: key }),
      ];
      expect(first.statusCode).toBe(303);
      expect(locationOf(second)).toBe(locationOf(first));
      expect(locationOf(first)).toMatch(new RegExp(`^${certificate}/confirmation/GU-`));
      const filed = await dossiersOf('marie-dupont');
      expect(filed.length).toBe(before + 1);
      // Identity came from sign-in, not from what was posted.
      const dossier = await db()
        .selectFrom('dossier')
        .select('answers')
        .where('reference', '=', decodeURIComponent(locationOf(first).split('/').pop() ?? ''))
        .executeTakeFirstOrThrow();
      expect(dossier.answers).toMatchObject({ given_name: 'Marie', kind: 'full_copy', delivery: 'email' });
      expect(dossier.answers).not.toHaveProperty('postal_address.line1');
      expect(await draftOf('marie-dupont', 'civil-status-certificate')).toBeUndefined();
      expect((await other.get(locationOf(first))).statusCode).toBe(200);
      expect((await dossiersOf('jean-martin')).length).toBe(0);
    });

    it('an incomplete check is sent back with the questions to answer', async () => {
      await citizen.postForm(`${canteen}/start-again`, {});
      const refused = await citizen.postForm(`${canteen}/check`, { _idempotency_key: 'incomplete-check-key-0001' });
      expect(refused.statusCode).toBe(422);
      expect(titleOf(refused.body)).toMatch(/^Erreur : /);
      expect(refused.body).toContain(`href="${canteen}/steps/child?return=check#procedure-child_given_name"`);
    });

    it('ticked boxes are kept together; un-ticking every box is an answer; each citizen has their own draft', async () => {
      const ticked = await postFields(citizen, `${canteen}/steps/school`, [
        ['school', 'louise_michel'],
        ['days', 'monday'],
        ['days', 'thursday'],
      ]);
      expect(ticked.statusCode).toBe(303);
      expect(await draftOf('marie-dupont', 'school-canteen')).toMatchObject({ school: 'louise_michel', days: 'monday,thursday' });

      await postFields(other, `${canteen}/steps/school`, [['school', 'jules_ferry']]);
      expect(await draftOf('marie-dupont', 'school-canteen')).toMatchObject({ school: 'louise_michel', days: 'monday,thursday' });
      expect(await draftOf('jean-martin', 'school-canteen')).toMatchObject({ school: 'jules_ferry', days: '' });

      const start = await citizen.get(canteen);
      expect(start.body).toContain(`action="${canteen}/start-again"`);
      const again = await citizen.postForm(`${canteen}/start-again`, {});
      expect(locationOf(again)).toBe(`${canteen}/steps/child`);
      expect(await draftOf('marie-dupont', 'school-canteen')).toBeUndefined();
    });

    it('without JavaScript, a locker document is chosen from a list and given with the dossier', async () => {
      const parking = '/procedures/resident-parking-permit';
      const documentId = randomUUID();
      await db()
        .insertInto('document')
        .values({
          id: documentId,
          person_id: await personOf('marie-dupont'),
          name: 'Facture EDF mars',
          kind: 'proof_of_address',
          media_type: 'application/pdf',
          size: 1000,
          sha256: 'a'.repeat(64),
          status: 'clean',
          storage_key: randomUUID(),
          wrapped_key: 'unused',
          key_id: 'unused',
          in_locker: true,
        })
        .execute();
      const page = await citizen.get(`${parking}/steps/proof`);
      expect(page.body).toMatch(new RegExp(`<input[^>]*type="radio"[^>]*value="${documentId}"`));
      expect(page.body).toContain('Facture EDF mars');
      const chosen = await citizen.postForm(`${parking}/steps/proof`, { proof_of_address: documentId });
      expect(locationOf(chosen)).toBe(`${parking}/steps/vehicle`);
      await citizen.postForm(`${parking}/steps/address`, {
        'address.line1': '3 rue Jean Jaurès',
        'address.postcode': '87000',
        'address.city': 'Limoges',
        'resident_since.month': '4',
        'resident_since.year': '2020',
      });
      await citizen.postForm(`${parking}/steps/vehicle`, { registration: 'AB-123-CD', ownership: 'owner', electric: 'no' });
      await citizen.postForm(`${parking}/steps/contact`, { phone: '06 12 34 56 78', email: 'marie@example.fr' });
      const check = await citizen.get(`${parking}/check`);
      expect(check.body).toContain('Facture EDF mars');
      const sent = await citizen.postForm(`${parking}/check`, { _idempotency_key: idempotencyKeyOf(check.body) });
      expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
      const reference = decodeURIComponent(locationOf(sent).split('/').pop() ?? '');
      const attached = await db()
        .selectFrom('dossier_document')
        .innerJoin('dossier', 'dossier.id', 'dossier_document.dossier_id')
        .select('dossier_document.document_id')
        .where('dossier.reference', '=', reference)
        .execute();
      expect(attached.map((row) => row.document_id)).toEqual([documentId]);
    });

    it('a document question offers the locker, and a link to add to it', async () => {
      const page = await citizen.get('/procedures/resident-parking-permit/steps/proof');
      expect(page.statusCode).toBe(200);
      // With the kind it needs chosen, and the way back to this question once the document is added.
      expect(page.body).toContain('href="/documents?add&amp;kind=proof_of_address&amp;return=%2Fprocedures%2Fresident-parking-permit%2Fsteps%2Fproof"');
      const refused = await citizen.postForm('/procedures/resident-parking-permit/steps/proof', {
        proof_of_address: '00000000-0000-4000-8000-000000000000',
      });
      expect(refused.statusCode).toBe(303);
      // Someone else's (or a made-up) document is refused when the dossier is sent.
      const check = await citizen.postForm('/procedures/resident-parking-permit/check', { _idempotency_key: 'parking-check-key-00001' });
      expect(check.statusCode).toBe(422);
    });
  });
});
