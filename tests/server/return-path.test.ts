import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { locationOf, signInAs } from '../support/sign-in.ts';
import { visitor } from '../support/visitor.ts';

/** Return paths that normalise to another host, as the browser's query would carry them once decoded. */
const tricks = [
  '/..//evil.example',
  '/.//evil.example',
  '/%2e%2e//evil.example',
  '/a/..//evil.example',
  '/..\\/evil.example',
  '/\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '//evil.example',
  'https:evil.example',
  'https://evil.example/',
];

/** Where a browser would go after this Location header, seen from the site. */
const destination = (location: unknown) => new URL(String(location), 'https://guichet.example');

describe.each(databaseKinds)('return paths never leave the site, on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.close());

  it.each(tricks)('the language switch sends return=%j home', async (trick) => {
    const someone = await visitor(test.app);
    const response = await someone.get(`/language/en?return=${encodeURIComponent(trick)}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
  });

  it('the language switch reads a raw query the way a browser sends it', async () => {
    const someone = await visitor(test.app);
    for (const raw of [
      '/..//evil.example',
      '/%2e%2e//evil.example',
      '/.%2e//evil.example',
      '/a/..//evil.example',
      '/%09/..//evil.example',
    ]) {
      const response = await someone.get(`/language/en?return=${raw}`);
      expect(destination(response.headers.location).origin, raw).toBe('https://guichet.example');
    }
  });

  it.each([
    ['/auth', 'marie-dupont', '/account'],
    ['/agent/auth', 'julien-roux', '/agent'],
  ] as const)('%s/login keeps a trick out of the sign-in and ends at home after it', async (basePath, persona, home) => {
    for (const trick of tricks) {
      const someone = await visitor(test.app);
      const login = await someone.get(`${basePath}/login?return=${encodeURIComponent(trick)}`);
      expect(login.statusCode).toBe(303);
      const sessions = await test.database.db.selectFrom('session').select('login').execute();
      expect(JSON.stringify(sessions.map((row) => row.login))).not.toContain('evil.example');
      const signedIn = await signInAs(someone, persona, { basePath, returnTo: trick });
      expect(signedIn.statusCode, trick).toBe(303);
      expect(signedIn.headers.location, trick).toBe(home);
    }
  });

  it('a sign-in still returns to the page of this site it was started from', async () => {
    const someone = await visitor(test.app);
    const signedIn = await signInAs(someone, 'marie-dupont', { returnTo: '/documents?tab=1#list' });
    expect(locationOf(signedIn)).toBe('/documents?tab=1');
    expect(signedIn.headers.location).toBe('/documents?tab=1#list');
  });
});
