import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageCookie } from '../../src/shared/languages.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { startTamperingProvider, type Tampering, type TamperingProvider } from '../support/tampering-provider.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

/**
 * Guichet against a provider that gets things wrong on purpose: every tampered answer is refused
 * with a translated error page, and nobody is signed in.
 */
describe('sign-in refusals against a tampering provider', () => {
  let provider: TamperingProvider;
  let test: TestApp;
  let strict: TestApp;

  beforeAll(async () => {
    provider = await startTamperingProvider();
    const environment = {
      CITIZEN_OIDC_ISSUER: provider.issuer,
      CITIZEN_OIDC_CLIENT_ID: provider.clientId,
      CITIZEN_OIDC_CLIENT_SECRET: provider.clientSecret,
      CITIZEN_OIDC_ID_TOKEN_ALG: 'ES256',
    };
    [test, strict] = await Promise.all([
      createTestApp('pglite', environment),
      createTestApp('pglite', { ...environment, CITIZEN_OIDC_ACR_VALUES: 'eidas2', CITIZEN_OIDC_USERINFO_ALG: 'ES256' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([test?.close(), strict?.close()]);
    await provider?.close();
  });

  /** Starts a sign-in and returns the authorization URL and the callback query a provider would send. */
  async function startLogin(citizen: Visitor) {
    const login = await citizen.get('/auth/login');
    expect(login.statusCode).toBe(303);
    const authorizationUrl = String(login.headers.location);
    const sent = new URL(authorizationUrl).searchParams;
    return { authorizationUrl, state: sent.get('state') ?? '', code: provider.authorize(authorizationUrl) };
  }

  async function signIn(app: TestApp, tampering: Tampering, change: (query: { code: string; state: string }) => void = () => undefined) {
    provider.tampering = tampering;
    const citizen = await visitor(app.app);
    const { code, state } = await startLogin(citizen);
    const query = { code, state };
    change(query);
    const callback = await citizen.get(`/auth/callback?${new URLSearchParams(query).toString()}`);
    return { citizen, callback };
  }

  const signedInPeople = async (app: TestApp) =>
    (await app.database.db.selectFrom('session').select('person_id').where('person_id', 'is not', null).execute()).length;

  it('sends PKCE, a state and a nonce of at least 32 characters, and acr_values=eidas1', async () => {
    const citizen = await visitor(test.app);
    const login = await citizen.get('/auth/login');
    const sent = new URL(String(login.headers.location)).searchParams;
    expect(sent.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(sent.get('nonce')?.length).toBeGreaterThanOrEqual(32);
    expect(sent.get('code_challenge_method')).toBe('S256');
    expect(sent.get('acr_values')).toBe('eidas1');
    expect(sent.get('scope')).toBe('openid given_name family_name birthdate gender birthplace birthcountry email phone');
  });

  it('accepts an honest answer (the harness works)', async () => {
    const { citizen, callback } = await signIn(test, {});
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe('/account');
    const account = await citizen.get('/account');
    expect(account.body).toContain('février 1980');
  });

  const refusals: [string, Tampering, ((query: { code: string; state: string }) => void)?][] = [
    ['a wrong state', {}, (query) => void (query.state = `${query.state}x`)],
    ['a wrong nonce', { nonce: 'n'.repeat(43) }],
    ['a wrong audience', { audience: 'someone-else' }],
    ['a wrong issuer', { issuer: 'https://evil.example' }],
    ['alg none', { alg: 'none' }],
    ['HS256 signed with the client secret', { alg: 'HS256' }],
    ['an expired ID token', { expiresIn: -3600 }],
    ['an ID token issued in the future', { issuedIn: 300, expiresIn: 900 }],
    ['an ID token issued a day ahead', { issuedIn: 86_400, expiresIn: 90_000 }],
    ['an ID token not valid yet', { notBeforeIn: 300, expiresIn: 900 }],
  ];

  it('accepts an ID token from a provider whose clock is a few seconds ahead', async () => {
    const { callback } = await signIn(test, { issuedIn: 20, notBeforeIn: 20 });
    expect(callback.statusCode).toBe(303);
  });

  it.each(refusals)('refuses %s with a translated error page and signs nobody in', async (_name, tampering, change) => {
    const before = await signedInPeople(test);
    const { callback } = await signIn(test, tampering, change);
    expect(callback.statusCode).toBe(401);
    expect(callback.body).toContain('La connexion n’a pas abouti');
    expect(callback.headers['set-cookie'] ?? '').not.toMatch(/session=[A-Za-z0-9_-]{43}/);
    expect(await signedInPeople(test)).toBe(before);
  });

  it('refuses a code used twice, and a callback replayed', async () => {
    provider.tampering = {};
    const citizen = await visitor(test.app);
    const first = await startLogin(citizen);
    const callbackUrl = `/auth/callback?code=${first.code}&state=${first.state}`;
    expect((await citizen.get(callbackUrl)).statusCode).toBe(303);

    const replayed = await citizen.get(callbackUrl);
    expect(replayed.statusCode).toBe(401);

    const attacker = await visitor(test.app);
    const second = await startLogin(attacker);
    const reused = await attacker.get(`/auth/callback?code=${first.code}&state=${second.state}`);
    expect(reused.statusCode).toBe(401);
    expect(reused.body).toContain('La connexion n’a pas abouti');
  });

  it('refuses an acr lower than the one asked for, in English too', async () => {
    provider.tampering = { acr: 'eidas1', userinfoJwt: true };
    const citizen = await visitor(strict.app, { language: 'en' });
    expect(citizen.cookies[languageCookie]).toBe('en');
    const { code, state } = await startLogin(citizen);
    const callback = await citizen.get(`/auth/callback?code=${code}&state=${state}`);
    expect(callback.statusCode).toBe(401);
    expect(callback.body).toContain('Sign-in did not succeed');
  });

  it('verifies a signed userinfo: accepted with the provider key, refused with another', async () => {
    const honest = await signIn(strict, { acr: 'eidas2', userinfoJwt: true });
    expect(honest.callback.statusCode).toBe(303);
    const forged = await signIn(strict, { acr: 'eidas3', userinfoJwt: true, userinfoForeignKey: true });
    expect(forged.callback.statusCode).toBe(401);
  });

  it('refuses a callback with no sign-in started in this browser (login CSRF)', async () => {
    const stranger = await visitor(test.app);
    const response = await stranger.get('/auth/callback?code=abc&state=def');
    expect(response.statusCode).toBe(401);
  });
});
