import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/test-database.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor } from '../support/visitor.ts';

/**
 * The short-lived copy of a signed-in session each instance keeps (SESSION_CACHE_SECONDS): a read
 * costs its own query only, a sign-out is final at once on the instance that did it and within
 * the cache's seconds on the others, and no copy outlives the session's own timeouts.
 */
describe.each(databaseKinds)('the session cache on %s', (kind) => {
  let database: TestDatabase;
  let here: FastifyInstance;
  let elsewhere: FastifyInstance;
  let now = Date.parse('2026-12-03T09:00:00Z');
  let statements = 0;
  // Every statement the app sends through Kysely.
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const config = {
      ...loadConfig({ NODE_ENV: 'test', SESSION_CACHE_SECONDS: '5', SESSION_ABSOLUTE_HOURS: '1', LOGIN_RATE_LIMIT_MAX: '1000' }),
      database: database.config,
    };
    const clock = () => new Date(now);
    // Two instances on one database, as behind a load balancer.
    here = await buildApp(config, { db: database.db.withPlugin(counter), clock });
    elsewhere = await buildApp(config, { db: database.db, clock });
  });
  afterAll(async () => {
    await here.close();
    await elsewhere.close();
    await database.drop();
  });

  const dossiers = (app: FastifyInstance, cookies: Record<string, string>) => app.inject({ method: 'GET', url: '/api/dossiers', cookies });

  it('answers a signed-in read with one query once the session is known', async () => {
    const citizen = await visitor(here);
    await signInAs(citizen, 'marie-dupont');
    expect((await citizen.get('/api/dossiers')).statusCode).toBe(200);
    statements = 0;
    expect((await citizen.get('/api/dossiers')).statusCode).toBe(200);
    expect(statements).toBe(1);
    now += 6_000;
    statements = 0;
    // Past the cache's seconds, the session is read again.
    expect((await citizen.get('/api/dossiers')).statusCode).toBe(200);
    expect(statements).toBe(2);
  });

  it('forgets a session signed out here at once, and elsewhere within the cache seconds', async () => {
    const citizen = await visitor(here);
    await signInAs(citizen, 'marie-dupont');
    const cookies = { ...citizen.cookies };
    expect((await dossiers(here, cookies)).statusCode).toBe(200);
    expect((await dossiers(elsewhere, cookies)).statusCode).toBe(200);
    expect((await citizen.postForm('/auth/logout', {})).statusCode).toBe(303);
    expect((await dossiers(here, cookies)).statusCode).toBe(401);
    // The other instance's copy is the bound the README states…
    now += 4_000;
    expect((await dossiers(elsewhere, cookies)).statusCode).toBe(200);
    // …and no more.
    now += 1_000;
    expect((await dossiers(elsewhere, cookies)).statusCode).toBe(401);
  });

  it('never lets a copy outlive the session', async () => {
    const citizen = await visitor(here);
    await signInAs(citizen, 'marie-dupont');
    const cookies = { ...citizen.cookies };
    // Used all along (no idle timeout), two seconds before the absolute one (one hour here).
    for (let step = 0; step < 60; step += 1) {
      now += 59_000;
      expect((await dossiers(here, cookies)).statusCode).toBe(200);
    }
    now += 3_600_000 - 60 * 59_000 - 2_000;
    expect((await dossiers(here, cookies)).statusCode).toBe(200);
    now += 3_000;
    expect((await dossiers(here, cookies)).statusCode).toBe(401);
  });
});
