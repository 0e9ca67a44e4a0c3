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
    expect(locationOf(account)).toBe('/auth/login?return=/account');
  });
});
