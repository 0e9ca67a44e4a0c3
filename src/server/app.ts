import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { callbackRequestRoutes } from './callback/callback-request.routes.ts';
import { apiParticulierConnector } from './connectors/api-particulier.connector.ts';
import type { DataConnector } from './connectors/data-connector.ts';
import { sandboxConnector } from './connectors/sandbox.connector.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { healthRoutes } from './health/health.routes.ts';
import { requestLanguage } from './pages/language.ts';
import { createPageRenderer } from './pages/page-renderer.ts';
import { pageRoutes } from './pages/pages.routes.ts';
import { caseHandlingRoutes } from './procedures/case-handling.routes.ts';
import { procedureRoutes } from './procedures/procedure.routes.ts';
import { nobodySignedIn, type Requesters } from './procedures/requester.ts';
import { cookiePolicy } from './security/cookie-policy.ts';
import { csrfProtection } from './security/csrf.ts';
import { databaseRateLimitStore } from './security/rate-limit-store.ts';
import { contentSecurityPolicy } from './security/content-security-policy.ts';

export interface Services {
  db: Db;
  /** Who is signed in; until sign-in is wired, nobody (personal routes answer 401). */
  requesters?: Requesters;
  /** Replaces the data connector chosen by the configuration (tests point it at a local server). */
  connector?: DataConnector;
}

/**
 * The whole server, wired in one readable list. `main.ts` and the tests build it the same way;
 * nothing here listens on a port.
 */
export async function buildApp(config: Config, services: Services): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // No personal data in logs: no query strings, no addresses, no headers, no bodies.
      serializers: {
        req: (request) => ({ method: request.method, path: request.url.split('?')[0] }),
        res: (reply) => ({ statusCode: reply.statusCode }),
      },
    },
    bodyLimit: 64 * 1024,
    trustProxy: config.production,
  });
  const cookies = cookiePolicy(config.publicUrl);
  const pages = await createPageRenderer(config);

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { directives: contentSecurityPolicy(config.publicUrl, pages.styleHashes) },
    hsts: config.publicUrl.protocol === 'https:',
    crossOriginEmbedderPolicy: false,
  });
  await app.register(csrfProtection, { cookies });
  await app.register(fastifyRateLimit, {
    global: false,
    store: databaseRateLimitStore(services.db),
    errorResponseBuilder: (_request, context) => ({
      statusCode: context.statusCode,
      code: 'rate_limited',
      message: `Rate limit reached, retry in ${context.after}`,
    }),
  });
  await app.register(fastifyStatic, {
    root: config.clientDir,
    wildcard: false,
    index: false,
    preCompressed: true,
    // Hashed file names never change content; everything else (sw.js, icons) is revalidated.
    setHeaders: (reply, filePath) => {
      reply.header('cache-control', filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'public, no-cache');
    },
  });

  // Set before the features register, so every one of them inherits it.
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const code = status === 500 ? 'internal' : (error.code ?? 'bad_request').toLowerCase();
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (request.url.startsWith('/api/') || request.url === '/healthz') {
      return reply.status(status).send({ error: code });
    }
    return pages.send(request, reply, { url: request.url, language: requestLanguage(request), status, state: { error: { status, code } } });
  });

  await app.register(healthRoutes, { db: services.db });
  await app.register(callbackRequestRoutes, { db: services.db, pages, rateLimit: config.callbackRateLimit });
  const requesters = services.requesters ?? nobodySignedIn;
  const connector =
    services.connector ??
    (config.dataConnector.kind === 'api_particulier'
      ? apiParticulierConnector({ url: config.dataConnector.url, token: config.dataConnector.token })
      : sandboxConnector());
  await app.register(procedureRoutes, { db: services.db, connector, requesters });
  await app.register(caseHandlingRoutes, { db: services.db, requesters });
  await app.register(pageRoutes, { pages, cookies });

  return app;
}
