import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const limit = { LOGIN_RATE_LIMIT_MAX: '3' };
const production = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  DEV_IDP_ENABLED: 'true',
  DOCUMENT_MASTER_KEY: 'Z3VpY2hldC10ZXN0LW1hc3Rlci1rZXktMzItYnl0ZXM=',
};

/** One sign-in start, as a client at `remoteAddress` sends it, with whatever X-Forwarded-For it writes. */
const login = (test: TestApp, forwardedFor: string, remoteAddress = '127.0.0.1') =>
  test.app.inject({ method: 'GET', url: '/auth/login', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });

/** The addresses the login rate limit counted, as `request.ip` gave them. */
async function countedAddresses(test: TestApp): Promise<string[]> {
  const rows = await test.database.db.selectFrom('rate_limit').select('key').where('key', 'like', 'GET /auth/login:%').execute();
  return rows.map((row) => row.key.slice('GET /auth/login:'.length)).sort();
}

describe.each(databaseKinds)('who the client is, on %s', (kind) => {
  describe('with no TRUSTED_PROXIES (the default, production included)', () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp(kind, { ...limit, ...production });
    });
    afterAll(() => test.close());

    it('a forged X-Forwarded-For changes neither the address nor the limit it counts against', async () => {
      for (const forged of ['203.0.113.1', '203.0.113.2', '203.0.113.3, 198.51.100.4']) {
        expect((await login(test, forged)).statusCode).toBe(303);
      }
      expect((await login(test, '203.0.113.99')).statusCode).toBe(429);
      expect(await countedAddresses(test)).toEqual(['127.0.0.1']);
    });
  });

  describe('with TRUSTED_PROXIES=1 (one load balancer)', () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp(kind, { ...limit, TRUSTED_PROXIES: '1' });
    });
    afterAll(() => test.close());

    it('takes the right-most address, the one the proxy added, whatever the client wrote before it', async () => {
      for (const forged of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        expect((await login(test, `${forged}, 192.0.2.10`)).statusCode).toBe(303);
      }
      expect((await login(test, '203.0.113.4, 192.0.2.10')).statusCode).toBe(429);
      expect((await login(test, '203.0.113.1, 192.0.2.11')).statusCode).toBe(303);
      expect(await countedAddresses(test)).toEqual(['192.0.2.10', '192.0.2.11']);
    });
  });

  describe('with TRUSTED_PROXIES naming the proxies’ range', () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp(kind, { ...limit, TRUSTED_PROXIES: '10.0.0.0/8' });
    });
    afterAll(() => test.close());

    it('believes the header from a proxy of that range only, never from a client reaching the server directly', async () => {
      expect((await login(test, '192.0.2.20', '10.1.2.3')).statusCode).toBe(303);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expect((await login(test, `203.0.113.${attempt}`, '198.51.100.7')).statusCode).toBe(303);
      }
      expect((await login(test, '203.0.113.50', '198.51.100.7')).statusCode).toBe(429);
      expect(await countedAddresses(test)).toEqual(['192.0.2.20', '198.51.100.7']);
    });
  });

  describe('the development provider behind PUBLIC_URL', () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp(kind, { PUBLIC_URL: 'https://guichet.example', TRUSTED_PROXIES: '1' });
    });
    afterAll(() => test.close());

    it.each([
      { host: 'evil.example' },
      { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
      { forwarded: 'host=evil.example;proto=http' },
    ])('publishes its endpoints on PUBLIC_URL whatever the request says (%j)', async (headers) => {
      const discovery = await test.app.inject({ method: 'GET', url: '/dev-idp/.well-known/openid-configuration', headers });
      expect(discovery.statusCode).toBe(200);
      const endpoints = discovery.json<Record<string, unknown>>();
      expect(endpoints.authorization_endpoint).toBe('https://guichet.example/dev-idp/auth');
      expect(JSON.stringify(endpoints)).not.toContain('evil.example');
    });
  });
});
