import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, privatePostgresAvailable, type PrivatePostgres } from '../support/private-postgres.ts';
import { httpDevice, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const callback = (index: number) => ({
  phone: `06 12 34 ${String(10 + (index % 90))} 78`,
  topic: 'school',
  window: 'morning',
  name: 'Camille',
});

describe.skipIf(!privatePostgresAvailable)('the server while PostgreSQL restarts', () => {
  let postgres: PrivatePostgres;
  let server: ServerProcess;
  const device = httpDevice();
  let written = 0;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    server = await startServerProcess({ DATABASE_URL: postgres.url, NOTIFICATION_WORKER: 'true', NOTIFICATION_POLL_INTERVAL_MS: '100' });
  }, 120_000);
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await postgres?.destroy();
  });

  const write = async () => {
    const index = written++;
    const response = await device.postJson(
      `${server.url}/api/callback-requests`,
      callback(index),
      `restart-key-${String(index).padStart(8, '0')}`,
    );
    return { status: response.status, body: (await response.json()) as { error?: string } };
  };
  const get = async (pathname: string) => {
    const response = await fetch(`${server.url}${pathname}`);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('stays up, answers 503 database_unavailable while the database is away, and recovers on its own', { timeout: 120_000 }, async () => {
    expect((await write()).status).toBe(201);

    await postgres.stop();
    const duringOutage = await Promise.all([write(), write(), write()]);
    expect(duringOutage).toEqual(Array.from({ length: 3 }, () => ({ status: 503, body: { error: 'database_unavailable' } })));
    expect(await get('/readyz')).toMatchObject({ status: 503, body: { status: 'unavailable', checks: { database: 'unavailable' } } });
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });

    await postgres.start();
    expect((await write()).status).toBe(201);
    expect(await get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(server.child.exitCode).toBeNull();
  });

  it('survives `pg_ctl restart -m fast` under light load: no 500, no crash, writes go through after', { timeout: 120_000 }, async () => {
    const statuses: number[] = [];
    let loading = true;
    const load = (async () => {
      while (loading) {
        statuses.push((await write()).status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await postgres.restart();
    await new Promise((resolve) => setTimeout(resolve, 500));
    loading = false;
    await load;

    expect(server.child.exitCode, server.output()).toBeNull();
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    expect((await write()).status).toBe(201);
    expect(await get('/readyz')).toMatchObject({ status: 200 });
  });
});
