import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

const minutes = (count: number) => count * 60_000;

describe.each(databaseKinds)('sessions and access control on %s', (kind) => {
  let test: TestApp;
  let now = Date.parse('2026-11-26T09:00:00Z');

  beforeAll(async () => {
    test = await createTestApp(kind, {}, { clock: () => new Date(now) });
  });
  afterAll(() => test.close());

  const sessionRows = () => test.database.db.selectFrom('session').selectAll().execute();

  it('gives a new session id at sign-in, in an HttpOnly, Secure, SameSite=Lax cookie', async () => {
    const citizen = await visitor(test.app);
    const login = await citizen.get('/auth/login');
    const pending = login.cookies.find((cookie) => cookie.name === 'session');
    expect(pending).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    const callback = await signInAs(citizen, 'marie-dupont');
    const signedIn = callback.cookies.find((cookie) => cookie.name === 'session');
    expect(signedIn?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signedIn?.value).not.toBe(pending?.value);
    const rows = await sessionRows();
    // The database holds hashes only: the cookie's value appears nowhere.
    expect(rows.some((row) => row.id_hash === signedIn?.value)).toBe(false);
  });

  it('names who is signed in to what their phone keeps, the same at every sign-in, different for each person, saying nothing of them', async () => {
    const writerOn = async (persona: string) => {
      const someone = await visitor(test.app);
      await signInAs(someone, persona);
      const page = await someone.get('/account');
      const state = /<script type="application\/json" id="page-state">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '{}';
      return (JSON.parse(state) as { writer?: string }).writer;
    };
    const marie = await writerOn('marie-dupont');
    expect(marie).toMatch(/^[\w-]{22}$/);
    expect(await writerOn('marie-dupont')).toBe(marie);
    expect(await writerOn('jean-martin')).not.toBe(marie);
    const ids = await test.database.db.selectFrom('person').select('id').execute();
    expect(ids.some((row) => marie?.includes(row.id.slice(0, 8)))).toBe(false);
  });

  it('ends a session after 30 idle minutes, not while it is used', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'jean-martin');
    for (let step = 0; step < 3; step += 1) {
      now += minutes(29);
      expect((await citizen.get('/account')).statusCode).toBe(200);
    }
    now += minutes(31);
    const expired = await citizen.get('/account');
    expect(expired.statusCode).toBe(303);
    expect(expired.headers.location).toBe('/auth/login?return=%2Faccount');
  });

  it('ends a session 12 hours after sign-in however busy it is', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'lucie-bernard');
    const signedInAt = now;
    while (now - signedInAt < minutes(12 * 60 - 20)) {
      now += minutes(20);
      expect((await citizen.get('/account')).statusCode).toBe(200);
    }
    now += minutes(25);
    expect((await citizen.get('/account')).statusCode).toBe(303);
  });

  it('signs out: session deleted first, provider logout with id_token_hint, state and return URL, Clear-Site-Data', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'odette-leroy');
    const logout = await citizen.postForm('/auth/logout', {});
    expect(logout.statusCode).toBe(303);
    const target = new URL(String(logout.headers.location));
    expect(target.pathname).toBe('/dev-idp/session/end');
    expect(target.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(target.searchParams.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(target.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:8080/auth/signed-out');
    expect(logout.headers['clear-site-data']).toBe('"cache", "cookies"');
    expect((await citizen.get('/account')).statusCode).toBe(303);
  });

  it('refuses a cross-site POST (CSRF) and keeps the person signed in', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'amadou-diallo');
    const forged = await citizen.request({
      method: 'POST',
      url: '/auth/logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      payload: `_csrf=${citizen.csrfToken}`,
    });
    expect(forged.statusCode).toBe(403);
    expect((await citizen.get('/account')).statusCode).toBe(200);
  });

  describe('a citizen reaches only their own records', () => {
    let alice: Visitor;
    let bob: Visitor;
    let aliceRequest: string;

    beforeAll(async () => {
      alice = await visitor(test.app);
      bob = await visitor(test.app);
      await signInAs(alice, 'marie-dupont');
      await signInAs(bob, 'jean-francois-lefevre');
      const created = await alice.postJson(
        '/api/callback-requests',
        { phone: '06 12 34 56 78', topic: 'school', window: 'morning' },
        { idempotencyKey: 'access-control-key-0001' },
      );
      const { reference } = created.json<{ reference: string }>();
      const person = await test.database.db
        .selectFrom('person_identity')
        .select('person_id')
        .where('subject', '=', 'marie-dupont')
        .executeTakeFirstOrThrow();
      const row = await test.database.db
        .updateTable('callback_request')
        .set({ person_id: person.person_id })
        .where('reference', '=', reference)
        .returning('id')
        .executeTakeFirstOrThrow();
      aliceRequest = row.id;
    });

    it('scopes idempotency keys to the signed-in person', async () => {
      const key = await test.database.db
        .selectFrom('idempotency_key')
        .select('scope')
        .where('key', '=', 'access-control-key-0001')
        .executeTakeFirstOrThrow();
      expect(key.scope).toMatch(/^person:[0-9a-f-]{36}$/);
    });

    it('answers the owner, 404 to another citizen, 401 to a visitor', async () => {
      expect((await alice.get(`/api/account/callback-requests/${aliceRequest}`)).statusCode).toBe(200);
      const other = await bob.get(`/api/account/callback-requests/${aliceRequest}`);
      expect(other.statusCode).toBe(404);
      expect(other.json()).toEqual({ error: 'not_found' });
      const stranger = await visitor(test.app);
      expect((await stranger.get(`/api/account/callback-requests/${aliceRequest}`)).statusCode).toBe(401);
    });

    it('keeps citizens out of the agent workspace', async () => {
      const response = await alice.get('/agent');
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/agent/auth/login?return=%2Fagent');
    });
  });
});

describe('sign-in configuration', () => {
  it('rate-limits the login endpoints, each route apart', async () => {
    const test = await createTestApp('pglite', { LOGIN_RATE_LIMIT_MAX: '3' });
    try {
      const citizen = await visitor(test.app);
      const statuses = [];
      for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await citizen.get('/auth/login')).statusCode);
      expect(statuses).toEqual([303, 303, 303, 429]);
      // Each limited route has its own count: asking to be called back still works.
      const callback = await citizen.postJson(
        '/api/callback-requests',
        { phone: '06 12 34 56 78', topic: 'school', window: 'any' },
        { idempotencyKey: 'rate-limits-apart-00001' },
      );
      expect(callback.statusCode).toBe(201);
    } finally {
      await test.close();
    }
  });

  it('names the cookie __Host-session on https', async () => {
    const test = await createTestApp('pglite', { PUBLIC_URL: 'https://guichet.example.fr' });
    try {
      const citizen = await visitor(test.app);
      const login = await citizen.request({
        method: 'GET',
        url: '/auth/login',
        headers: { host: 'guichet.example.fr', 'x-forwarded-proto': 'https' },
      });
      expect(login.cookies.map((cookie) => cookie.name)).toContain('__Host-session');
    } finally {
      await test.close();
    }
  });
});

describe('expired sessions', () => {
  it('are swept from the database', async () => {
    let now = Date.parse('2026-11-26T09:00:00Z');
    const test = await createTestApp('pglite', {}, { clock: () => new Date(now) });
    try {
      const { createSessions } = await import('../../src/server/auth/sessions.ts');
      const { cookiePolicy } = await import('../../src/server/security/cookie-policy.ts');
      const sessions = createSessions({
        db: test.database.db,
        cookies: cookiePolicy(test.config.publicUrl),
        clock: () => new Date(now),
        ...test.config.sessions,
      });
      await signInAs(await visitor(test.app), 'marie-dupont');
      now += minutes(10);
      await signInAs(await visitor(test.app), 'jean-martin');
      now += minutes(25);
      expect(await sessions.deleteExpired()).toBe(1);
      expect((await test.database.db.selectFrom('session').selectAll().execute()).length).toBe(1);
    } finally {
      await test.close();
    }
  });
});
