import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineHeader, offlineKeep } from '../../src/shared/http.ts';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { visitor } from '../support/visitor.ts';

describe.each(databaseKinds)('a call-back request status on %s', (kind) => {
  let test: TestApp;
  let reference: string;

  beforeAll(async () => {
    test = await createTestApp(kind);
    const citizen = await visitor(test.app);
    const created = await citizen.postJson(
      '/api/callback-requests',
      { phone: '06 12 34 56 78', topic: 'school', window: 'morning', name: 'Camille' },
      { idempotencyKey: 'key-status-000000000001' },
    );
    reference = created.json<{ reference: string }>().reference;
  });
  afterAll(() => test.close());

  it('tells anyone holding the reference where it stands, and nothing it says', async () => {
    const stranger = await visitor(test.app);
    const response = await stranger.get(`/api/callback-requests/${reference}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ reference, status: 'requested' });
    expect(response.body).not.toContain('Camille');
    expect(response.body).not.toContain('612345678');
  });

  it('is marked for the device to keep offline, and for no shared cache', async () => {
    const response = await test.app.inject({ method: 'GET', url: `/api/callback-requests/${reference}` });
    expect(response.headers[offlineHeader.toLowerCase()]).toBe(offlineKeep);
    expect(response.headers['cache-control']).toBe('private, no-cache');
  });

  it('answers 404 to an unknown or malformed reference, without reaching for it', async () => {
    for (const url of [
      '/api/callback-requests/RAP-0000-0000',
      '/api/callback-requests/not-a-reference',
      "/api/callback-requests/RAP-'--",
    ]) {
      const response = await test.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toEqual({ error: 'not_found' });
      expect(response.headers[offlineHeader.toLowerCase()], url).toBeUndefined();
    }
  });

  it('says which language a page is in, so the service worker can open the offline shell in it', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/callback', cookies: { lang: 'en' } });
    expect(response.headers['content-language']).toBe('en');
  });
});
