import type { FastifyInstance } from 'fastify';
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
  services: Omit<Services, 'db'> = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const config = {
    ...loadConfig({ NODE_ENV: 'test', CALLBACK_RATE_LIMIT_MAX: '1000', VISIT_RATE_LIMIT_MAX: '1000', ...environment }),
    database: database.config,
  };
  const app = await buildApp(config, { db: database.db, ...services });
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

/** Starts a test app on a free loopback port, for browsers and load generators. */
export async function startTestServer(
  kind: DatabaseKind = 'pglite',
  environment: Record<string, string> = {},
  services: Omit<Services, 'db'> = {},
): Promise<TestApp & { url: string }> {
  const testApp = await createTestApp(kind, { PUBLIC_URL: 'http://localhost', ...environment }, services);
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const address = testApp.app.server.address();
  if (!address || typeof address === 'string') throw new Error('The test server has no port');
  return { ...testApp, url: `http://localhost:${address.port}` };
}
