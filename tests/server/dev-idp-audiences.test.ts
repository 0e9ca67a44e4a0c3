import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { locationOf, signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

/** Where the provider sends a browser that starts a sign-in: its persona picker, or straight back with a code. */
async function providerAnswer(who: Visitor, basePath: '/auth' | '/agent/auth'): Promise<string> {
  const login = await who.get(`${basePath}/login`);
  const authorize = await who.get(locationOf(login));
  return locationOf(authorize);
}

describe.each(databaseKinds)('the development provider keeps citizens and agents apart, on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.close());

  it('asks again who signs in when an agent’s remembered sign-in meets the citizens’ client', async () => {
    const shared = await visitor(test.app);
    await signInAs(shared, 'julien-roux', { basePath: '/agent/auth' });
    const callback = await signInAs(shared, 'marie-dupont');
    expect(callback.headers.location).toBe('/account');
    expect((await shared.get('/account')).body).toContain('Marie');
    expect((await shared.get('/agent')).statusCode).not.toBe(200);
  });

  it('asks again who signs in when a citizen’s remembered sign-in meets the agents’ client', async () => {
    const shared = await visitor(test.app);
    await signInAs(shared, 'marie-dupont');
    const callback = await signInAs(shared, 'julien-roux', { basePath: '/agent/auth' });
    expect(callback.headers.location).toBe('/agent');
    expect((await shared.get('/agent')).body).toContain('Julien');
  });

  it('still remembers a sign-in for the same audience, and shows the picker for the other one', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'marie-dupont');
    expect(await providerAnswer(citizen, '/auth')).toMatch(/^\/auth\/callback\?/);
    const agent = await visitor(test.app);
    await signInAs(agent, 'julien-roux', { basePath: '/agent/auth' });
    expect(await providerAnswer(agent, '/auth')).toMatch(/^\/dev-idp\/interaction\//);
  });
});
