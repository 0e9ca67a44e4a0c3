import type { FastifyInstance } from 'fastify';
import { createServer } from 'node:net';
import { buildApp, type Services } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/**
 * The real server on a fresh database, built exactly as `main.ts` builds it. `environment` takes
 * the same variables as production, so tests exercise the configuration code too.
 */
export async function createTestApp(
  kind: DatabaseKind,
  environment: Record<string, string> = {},
  services: Partial<Services> = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      CALLBACK_RATE_LIMIT_MAX: '1000',
      CALLBACK_MAX_PER_PHONE: '1000',
      LOGIN_RATE_LIMIT_MAX: '1000',
      VISIT_RATE_LIMIT_MAX: '1000',
      SMS_MAX_PER_NUMBER: '1000',
      SMS_MAX_PER_ADDRESS: '1000',
      // Tests change rows behind the app's back (an agent's service, say); the cache has its own test.
      SESSION_CACHE_SECONDS: '0',
      ...environment,
    }),
    database: database.config,
  };
  const app = await buildApp(config, { ...services, db: database.db });
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/**
 * Starts a test app on a free loopback port, for browsers and load generators. The port is
 * chosen first so PUBLIC_URL (redirect URIs, the development provider's issuer) names it.
 */
export async function startTestServer(
  kind: DatabaseKind = 'pglite',
  environment: Record<string, string> = {},
  services: Partial<Services> = {},
): Promise<TestApp & { url: string }> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const testApp = await createTestApp(kind, { PUBLIC_URL: url, ...environment }, services);
  await testApp.app.listen({ port, host: '127.0.0.1' });
  return { ...testApp, url };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('No free port');
  return address.port;
}
