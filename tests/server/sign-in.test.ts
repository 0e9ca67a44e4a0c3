import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { locationOf, signInAs } from '../support/sign-in.ts';
import { visitor } from '../support/visitor.ts';

describe.each(databaseKinds)('sign-in through the development provider on %s', (kind) => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.close());

  it('signs a citizen in and stores the identity the provider gave', async () => {
    const citizen = await visitor(test.app);
    const callback = await signInAs(citizen, 'jean-francois-lefevre');
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe('/account');
    const account = await citizen.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Jean-François Noël');
    expect(account.body).toContain('Lefèvre-Nuñez');
    expect(account.headers['cache-control']).toBe('no-store');
    const identity = await test.database.db
      .selectFrom('person_identity')
      .selectAll()
      .where('subject', '=', 'jean-francois-lefevre')
      .executeTakeFirstOrThrow();
    expect(identity).toMatchObject({
      issuer: 'http://localhost:8080/dev-idp',
      birthdate: '2001-12-31',
      acr: 'eidas1',
      provider_name: 'FranceConnect',
    });
  });

  it('signs an agent in with their role and service', async () => {
    const agent = await visitor(test.app);
    const callback = await signInAs(agent, 'claire-petit', { basePath: '/agent/auth' });
    expect(callback.headers.location).toBe('/agent');
    const home = await agent.get('/agent');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Claire Petit');
    expect(home.body).toContain('Instructeur');
    expect(home.body).toContain('Mairie de Villeneuve – État civil');
  });

  it('sends a visitor who is not signed in to the provider', async () => {
    const stranger = await visitor(test.app);
    const account = await stranger.get('/account');
    expect(account.statusCode).toBe(303);
    expect(locationOf(account)).toBe('/auth/login?return=%2Faccount');
  });
});

describe('the development provider', () => {
  it('refuses to start in production unless explicitly enabled', async () => {
    const { loadConfig, ConfigError } = await import('../../src/server/config.ts');
    const production = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://guichet.example.fr',
      DOCUMENT_MASTER_KEY: 'Z3VpY2hldC10ZXN0LW1hc3Rlci1rZXktMzItYnl0ZXM=',
    };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/DEV_IDP_ENABLED=true/);
    expect(loadConfig({ ...production, DEV_IDP_ENABLED: 'true' }).devIdp.enabled).toBe(true);
    const external = {
      ...production,
      CITIZEN_OIDC_ISSUER: 'https://fcp-low.integ01.dev-franceconnect.fr/api/v2',
      CITIZEN_OIDC_CLIENT_ID: 'id',
      CITIZEN_OIDC_CLIENT_SECRET: 'secret',
      AGENT_OIDC_ISSUER: 'https://fca.integ01.dev-agentconnect.fr/api/v2',
      AGENT_OIDC_CLIENT_ID: 'id',
      AGENT_OIDC_CLIENT_SECRET: 'secret',
    };
    const config = loadConfig(external);
    expect(config.devIdp.enabled).toBe(false);
    expect(config.oidc.citizen.redirectUri.href).toBe('https://guichet.example.fr/auth/callback');
    expect(() => loadConfig({ ...external, CITIZEN_OIDC_CLIENT_SECRET: undefined })).toThrow(
      /CITIZEN_OIDC_CLIENT_SECRET or CITIZEN_OIDC_PRIVATE_KEY_JWK/,
    );
  });

  it('shows its persona picker in English too', async () => {
    const test = await createTestApp('pglite');
    try {
      const person = await visitor(test.app, { language: 'en' });
      const login = await person.get('/auth/login');
      const authorize = await person.get(locationOf(login));
      const picker = await person.get(locationOf(authorize));
      expect(picker.body).toContain('Demonstration identity provider');
      expect(picker.body).toContain('Sign in as Odette Leroy');
      expect(picker.body).toContain('Born: June 1972');
    } finally {
      await test.close();
    }
  });
});
