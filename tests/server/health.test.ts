import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe.each(databaseKinds)('GET /healthz on %s', (kind) => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.app.close());

  it('answers 200 {"status":"ok"} while the database answers', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('needs no cookie and no CSRF token, as a load balancer sends none', async () => {
    const response = await test.app.inject({ method: 'HEAD', url: '/healthz' });
    expect(response.statusCode).toBe(200);
  });

  it('answers 503 once the database is gone', async () => {
    await test.database.drop();
    const response = await test.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable' });
  });
});
