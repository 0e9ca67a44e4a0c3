import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe.each(databaseKinds)('liveness and readiness on %s', (kind) => {
  let test: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-health-'));
    test = await createTestApp(kind, { DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await test.app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('GET /healthz answers 200 {"status":"ok"}', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('needs no cookie and no CSRF token, as a load balancer sends none', async () => {
    expect((await test.app.inject({ method: 'HEAD', url: '/healthz' })).statusCode).toBe(200);
    expect((await test.app.inject({ method: 'HEAD', url: '/readyz' })).statusCode).toBe(200);
  });

  it('GET /readyz answers 200 with every check ok', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', storage: 'ok' } });
  });

  it('is not ready while a migration this code knows has not run', async () => {
    const last = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(test.database.db);
    const name = last.rows[0]?.name ?? '';
    await test.database.asOwner((owner) => sql`delete from kysely_migration where name = ${name}`.execute(owner));
    try {
      const response = await test.app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'unavailable', checks: { database: 'ok', migrations: 'pending_migrations' } });
    } finally {
      await test.database.asOwner((owner) =>
        sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(owner),
      );
    }
  });

  it('is not ready when the upload folder cannot take a file', async () => {
    // A file where the folder should be fails for root too (a read-only mode would not).
    const staging = test.config.documents.stagingDir;
    await rm(staging, { recursive: true, force: true });
    await writeFile(staging, 'not a folder');
    try {
      const response = await test.app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'unavailable', checks: { database: 'ok', storage: 'not_writable' } });
    } finally {
      await rm(staging);
    }
    expect((await test.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('once the database is gone: /readyz answers 503, /healthz still 200 (the process is alive)', async () => {
    await test.database.drop();
    const ready = await test.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'unavailable', checks: { database: 'unavailable' } });
    const alive = await test.app.inject({ method: 'GET', url: '/healthz' });
    expect(alive.statusCode).toBe(200);
  });
});
