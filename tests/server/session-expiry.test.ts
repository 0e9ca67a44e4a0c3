import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { sessionRenewPath, sessionStatusPath, type SessionStatus } from '../../src/shared/session.ts';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

const seconds = (count: number) => count * 1000;

/** The session's end as the page learns it, and "stay signed in" (WCAG 2.2.1), on a 30-second idle time. */
describe.each(databaseKinds)('the session’s end, told to the page, on %s', (kind) => {
  let test: TestApp;
  let now = Date.parse('2026-12-03T09:00:00Z');

  beforeAll(async () => {
    test = await createTestApp(kind, { SESSION_IDLE_MINUTES: '0.5', SESSION_ABSOLUTE_HOURS: '1' }, { clock: () => new Date(now) });
  });
  afterAll(() => test.close());

  const status = async (someone: Visitor) => {
    const response = await someone.get(sessionStatusPath);
    expect(response.headers['cache-control']).toBe('no-store');
    return response.json<SessionStatus>();
  };

  it('says how long is left, and asking does not extend it', async () => {
    const citizen = await visitor(test.app);
    expect(await status(citizen)).toEqual({ signedIn: false });
    await signInAs(citizen, 'marie-dupont');
    // Thirty seconds idle: the warning comes half-way, fifteen seconds before the end.
    expect(await status(citizen)).toEqual({ signedIn: true, audience: 'citizen', endsInSeconds: 30, warnBeforeSeconds: 15 });
    for (const [elapsed, left] of [
      [10, 20],
      [10, 10],
      [9, 1],
    ] as const) {
      now += seconds(elapsed);
      expect(await status(citizen)).toMatchObject({ signedIn: true, endsInSeconds: left });
    }
    now += seconds(2);
    expect(await status(citizen)).toEqual({ signedIn: false });
    const refused = await citizen.postJson(sessionRenewPath, {}, {});
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({ error: 'sign_in_required' });
  });

  it('"stay signed in" starts the idle time again, for citizens and agents, and needs the CSRF token', async () => {
    for (const [persona, basePath, audience] of [
      ['jean-martin', '/auth', 'citizen'],
      ['julien-roux', '/agent/auth', 'agent'],
    ] as const) {
      const someone = await visitor(test.app);
      await signInAs(someone, persona, { basePath });
      now += seconds(20);
      expect(await status(someone)).toMatchObject({ signedIn: true, endsInSeconds: 10 });
      const forged = await someone.request({ method: 'POST', url: sessionRenewPath, headers: { 'sec-fetch-site': 'same-origin' } });
      expect(forged.statusCode).toBe(403);
      const renewed = await someone.postJson(sessionRenewPath, {}, {});
      expect(renewed.statusCode).toBe(200);
      expect(renewed.json()).toEqual({ signedIn: true, audience, endsInSeconds: 30, warnBeforeSeconds: 15 });
      now += seconds(25);
      expect(await status(someone)).toMatchObject({ signedIn: true, endsInSeconds: 5 });
      now += seconds(10);
      expect(await status(someone)).toEqual({ signedIn: false });
    }
  });

  it('"stay signed in" never goes past the absolute lifetime (an hour here)', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'odette-leroy');
    const signedInAt = now;
    while (now - signedInAt < seconds(3575)) {
      now += seconds(25);
      const left = Math.min(30, 3600 - (now - signedInAt) / 1000);
      expect((await citizen.postJson(sessionRenewPath, {}, {})).json()).toMatchObject({ signedIn: true, endsInSeconds: left });
    }
    now += seconds(15);
    // Ten seconds left, fewer than the warning's fifteen: the page says it cannot be extended.
    expect((await citizen.postJson(sessionRenewPath, {}, {})).json()).toMatchObject({ signedIn: true, endsInSeconds: 10 });
    now += seconds(11);
    expect(await status(citizen)).toEqual({ signedIn: false });
  });

  it('any request made while signed in extends it, even with a few seconds of idle time', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'lucie-bernard');
    for (let step = 0; step < 4; step += 1) {
      now += seconds(20);
      expect((await citizen.get('/api/dossiers')).statusCode).toBe(200);
    }
    expect(await status(citizen)).toMatchObject({ signedIn: true, endsInSeconds: 30 });
  });
});

describe('SESSION_IDLE_MINUTES', () => {
  it('takes a fraction of a minute, and refuses what is not a number of minutes or is too short', () => {
    expect(loadConfig({ SESSION_IDLE_MINUTES: '0.5' }).sessions.idleMinutes).toBe(0.5);
    expect(loadConfig({}).sessions.idleMinutes).toBe(30);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: 'half' })).toThrow(/SESSION_IDLE_MINUTES must be a number of minutes/);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0.05' })).toThrow(/SESSION_IDLE_MINUTES must be at least 0.1/);
  });
});
