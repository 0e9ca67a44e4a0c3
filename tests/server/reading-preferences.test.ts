import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

function putPreferences(someone: Visitor, body: unknown, csrfToken = someone.csrfToken) {
  return someone.request({
    method: 'PUT',
    url: '/api/reading-preferences',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, 'sec-fetch-site': 'same-origin' },
    payload: JSON.stringify(body),
  });
}

describe.each(databaseKinds)('reading preferences on %s', (kind) => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.close());

  const storedFor = (subject: string) =>
    test.database.db
      .selectFrom('person')
      .innerJoin('person_identity', 'person_identity.person_id', 'person.id')
      .select(['language', 'reading', 'read_aloud'])
      .where('subject', '=', subject)
      .executeTakeFirstOrThrow();

  it('a visitor’s choices stay in cookies, without JavaScript (links) and with it (API)', async () => {
    const someone = await visitor(test.app);
    const language = await someone.get('/language/en?return=/callback');
    expect(language.statusCode).toBe(303);
    expect(language.headers.location).toBe('/callback');
    const readAloud = await someone.get('/read-aloud/auto?return=/visit');
    expect(readAloud.headers.location).toBe('/visit');
    expect(someone.cookies).toMatchObject({ lang: 'en', 'read-aloud': 'auto' });
    expect((await putPreferences(someone, { reading: 'easy' })).statusCode).toBe(204);
    expect(someone.cookies.reading).toBe('easy');
    // An unknown value sets nothing.
    await someone.get('/read-aloud/loud');
    expect(someone.cookies['read-aloud']).toBe('auto');
  });

  it('refuses a change it does not know, or one sent without the CSRF token', async () => {
    const someone = await visitor(test.app);
    const unknown = await putPreferences(someone, { readAloud: 'shout' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ error: 'validation', fields: { readAloud: expect.any(String) } });
    expect((await putPreferences(someone, { colour: 'blue' })).statusCode).toBe(422);
    expect((await putPreferences(someone, { reading: 'easy' }, 'forged')).statusCode).toBe(403);
    expect(someone.cookies.reading).toBeUndefined();
  });

  /** A link followed on one of our pages: the browser says so. */
  const follow = (who: Visitor, link: string) => who.request({ method: 'GET', url: link, headers: { 'sec-fetch-site': 'same-origin' } });

  it('a signed-in citizen’s choices go on the account and come back at sign-in on another device', async () => {
    const phone = await visitor(test.app);
    await signInAs(phone, 'lucie-bernard');
    await follow(phone, '/reading/easy?return=/');
    expect((await putPreferences(phone, { readAloud: 'auto' })).statusCode).toBe(204);
    await follow(phone, '/language/en?return=/account');
    expect(await storedFor('lucie-bernard')).toEqual({ language: 'en', reading: 'easy', read_aloud: 'auto' });

    // Another device, which had chosen French before signing in: the account wins.
    const library = await visitor(test.app, { language: 'fr' });
    await signInAs(library, 'lucie-bernard');
    expect(library.cookies).toMatchObject({ lang: 'en', reading: 'easy', 'read-aloud': 'auto' });
    const account = await library.get('/account');
    expect(account.body).toMatch(/<html lang="en" dir="ltr"/);
    expect(await storedFor('lucie-bernard')).toEqual({ language: 'en', reading: 'easy', read_aloud: 'auto' });
  });

  it('a link from another site changes this device only, never the account', async () => {
    const someone = await visitor(test.app);
    await signInAs(someone, 'odette-leroy');
    const before = await storedFor('odette-leroy');
    for (const site of ['cross-site', 'same-site', 'none']) {
      const switched = await someone.request({ method: 'GET', url: '/language/ar?return=/account', headers: { 'sec-fetch-site': site } });
      expect(switched.statusCode).toBe(303);
      expect(someone.cookies.lang).toBe('ar');
    }
    await someone.get('/reading/easy');
    expect(await storedFor('odette-leroy')).toEqual(before);
  });

  it('what a device chose before a first sign-in is kept on the account', async () => {
    const tablet = await visitor(test.app);
    await tablet.get('/read-aloud/auto');
    await tablet.get('/language/en');
    await signInAs(tablet, 'amadou-diallo');
    expect(await storedFor('amadou-diallo')).toEqual({ language: 'en', reading: null, read_aloud: 'auto' });
  });

  it('the account’s language (for notifications) is the portal’s language too', async () => {
    const someone = await visitor(test.app);
    await signInAs(someone, 'marie-dupont');
    await someone.postForm('/account/preferences', { sms: 'on', language: 'en' });
    expect(someone.cookies.lang).toBe('en');
    expect((await storedFor('marie-dupont')).language).toBe('en');
  });
});
