import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor } from '../support/visitor.ts';

describe.each(databaseKinds)('the account page on %s', (kind) => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.close());

  it('says where each item came from and how a partial birth date reads', async () => {
    const jean = await visitor(test.app);
    await signInAs(jean, 'jean-martin');
    const page = (await jean.get('/account')).body;
    expect(page).toContain('en 1950');
    expect(page).toContain('(transmis par FranceConnect)');
    expect(page).toContain('jean.martin@example.fr');
    expect(page).toContain('Connecté : Jean Martin');
  });

  it('saves contact preferences, SMS first by default', async () => {
    const odette = await visitor(test.app);
    await signInAs(odette, 'odette-leroy');
    const before = (await odette.get('/account')).body;
    expect(before).toMatch(/id="preferences-sms"[^>]*checked/);
    const saved = await odette.postForm('/account/preferences', { sms: 'on', push: 'on', language: 'en' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/account?notice=preferences_saved');
    const person = await test.database.db
      .selectFrom('person')
      .innerJoin('person_identity', 'person_identity.person_id', 'person.id')
      .select(['notify_sms', 'notify_email', 'notify_push', 'language'])
      .where('subject', '=', 'odette-leroy')
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ notify_sms: true, notify_email: false, notify_push: true, language: 'en' });

    const refused = await odette.postForm('/account/preferences', { sms: 'on', language: 'klingon' });
    expect(refused.statusCode).toBe(422);
    // English was saved: the portal now speaks it too.
    expect(refused.body).toContain('Choose a language');
  });
});
