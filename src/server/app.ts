import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { accessibilityFeedbackRoutes } from './accessibility/accessibility-feedback.routes.ts';
import { accountRoutes } from './account/account.routes.ts';
import { agentRoutes } from './agent/agent.routes.ts';
import { injectFetch } from './auth/inject-fetch.ts';
import { createRelyingParty } from './auth/relying-party.ts';
import type { Principal } from './auth/principal.ts';
import { enforceRouteAccess } from './auth/route-access.ts';
import { createSessions } from './auth/sessions.ts';
import { signInRoutes } from './auth/sign-in.routes.ts';
import { sessionRoutes } from './auth/session.routes.ts';
import { callbackQueueRoutes } from './callback/callback-queue.routes.ts';
import { callbackRequestRoutes } from './callback/callback-request.routes.ts';
import { citizenRoutes } from './citizens/citizen.routes.ts';
import { dossierPageRoutes } from './procedures/dossier-pages.routes.ts';
import { apiParticulierConnector } from './connectors/api-particulier.connector.ts';
import type { DataConnector } from './connectors/data-connector.ts';
import { sandboxConnector } from './connectors/sandbox.connector.ts';
import type { Config } from './config.ts';
import { isDatabaseUnavailable, type Db } from './db/database.ts';
import { devIdentityProvider } from './dev-idp/dev-idp.ts';
import { clamdScanner } from './documents/clamd.scanner.ts';
import type { DocumentStorage } from './documents/document-storage.ts';
import { documentRoutes } from './documents/document.routes.ts';
import { localStorageDriver } from './documents/local-storage.driver.ts';
import { s3StorageDriver } from './documents/s3-storage.driver.ts';
import type { VirusScanner } from './documents/virus-scanner.ts';
import { healthRoutes } from './health/health.routes.ts';
import { metricsPlugin } from './health/metrics.ts';
import { mandateRoutes } from './mandates/mandate.routes.ts';
import { errorAnswer, HttpError } from './http/http-error.ts';
import { schedulePurge } from './http/record-purge.job.ts';
import { deliveryReceiptRoutes } from './notifications/delivery-receipt.routes.ts';
import { devInboxRoutes } from './notifications/dev-inbox.routes.ts';
import { requestLanguage } from './pages/language.ts';
import { createPageRenderer } from './pages/page-renderer.ts';
import { pageRoutes } from './pages/pages.routes.ts';
import { readingPreferencesRoutes } from './reading/reading-preferences.routes.ts';
import { caseHandlingRoutes } from './procedures/case-handling.routes.ts';
import { procedureRoutes } from './procedures/procedure.routes.ts';
import { procedurePageRoutes } from './procedures/procedure-pages.routes.ts';
import { cookiePolicy } from './security/cookie-policy.ts';
import { csrfProtection } from './security/csrf.ts';
import { databaseRateLimitStore } from './security/rate-limit-store.ts';
import { trustProxy } from './security/trusted-proxies.ts';
import { contentSecurityPolicy } from './security/content-security-policy.ts';
import { satisfactionSurveyRoutes } from './survey/satisfaction-survey.routes.ts';
import { counterAgendaRoutes } from './visit/counter-agenda.routes.ts';
import { apiAdresseGeocoder, demoPostcodeGeocoder } from './visit/postcode-geocoder.ts';
import { queueVisitNotifier } from './visit/queue-visit-notifier.ts';
import type { VisitNotifier } from './visit/visit-notifier.ts';
import { scheduleVisitReminders } from './visit/visit-reminder.job.ts';
import { visitRoutes } from './visit/visit.routes.ts';
import type { VisitContext } from './visit/visit.service.ts';
import { linkSigningSecret } from './security/link-secret.ts';
import type { SignedLinks } from './security/signed-token.ts';

export interface Services {
  db: Db;
  /** Replaces the data connector chosen by the configuration (tests point it at a local server). */
  connector?: DataConnector;
  /** Where counter-visit SMS go: the notifications outbox unless a test keeps them in memory. */
  visitNotifier?: VisitNotifier;
  /** The time, injectable so tests can move it forward (session timeouts, code expiry). */
  clock?: () => Date;
  /** Replaces the document storage chosen by the configuration. */
  documentStorage?: DocumentStorage;
  /** Replaces the antivirus chosen by the configuration. */
  virusScanner?: VirusScanner;
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
    trustProxy: trustProxy(config.trustedProxies),
  });
  const cookies = cookiePolicy(config.publicUrl);
  const pages = await createPageRenderer(config);
  const clock = services.clock ?? (() => new Date());
  const sessions = createSessions({ db: services.db, cookies, clock, ...config.sessions });
  // The bundled provider is reached in-process; an external one over the network.
  const relyingParty = (settings: Config['oidc']['citizen']) =>
    createRelyingParty(settings, settings.bundled ? injectFetch(app) : undefined);
  const externalIssuers = Object.values(config.oidc)
    .filter((client) => !client.bundled)
    .map((client) => client.issuer.origin);

  // First, so its timing hook sees every route.
  await app.register(metricsPlugin, { db: services.db, token: config.metricsToken });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { directives: contentSecurityPolicy(config.publicUrl, pages.styleHashes, externalIssuers) },
    hsts: config.publicUrl.protocol === 'https:',
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyStatic, {
    root: config.clientDir,
    wildcard: false,
    index: false,
    preCompressed: true,
    // Hashed file names (and the strings' hashed folder) never change content; everything else
    // (sw.js, icons) is revalidated.
    setHeaders: (reply, filePath) => {
      const hashed = filePath.includes('/assets/') || filePath.includes('/locales/');
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'public, no-cache');
    },
  });
  // The files above are public; every route from here on declares who may call it.
  app.decorate('declaredRoutes', enforceRouteAccess(app));
  await app.register(csrfProtection, { cookies });
  app.decorateRequest('session', undefined);
  // Set by `sessions.load` on every request before anything reads it (Fastify refuses an object here).
  app.decorateRequest<Principal | null>('principal', null);
  app.addHook('onRequest', sessions.load);
  // Expired sessions are refused when used; this sweep removes the ones nobody comes back to.
  const sweep = setInterval(() => {
    sessions.deleteExpired().catch((error: unknown) => app.log.error({ err: error }, 'session sweep failed'));
  }, 15 * 60_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
  await app.register(fastifyRateLimit, {
    global: false,
    store: databaseRateLimitStore(services.db),
    errorResponseBuilder: (_request, context) => ({
      statusCode: context.statusCode,
      code: 'rate_limited',
      message: `Rate limit reached, retry in ${context.after}`,
    }),
  });
  // Set before the features register, so every one of them inherits it.
  app.setErrorHandler(async (thrown: FastifyError, request, reply) => {
    // The database restarting is not the request's fault: a 503 the client's outbox retries, not a 500.
    const error = isDatabaseUnavailable(thrown) ? new HttpError('database_unavailable', thrown.message) : thrown;
    const { status, code } = errorAnswer(error);
    if (status === 503) reply.header('retry-after', '5');
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (request.url.startsWith('/api/') || ['/healthz', '/readyz', '/metrics'].includes(request.url)) {
      return reply.status(status).send({ error: code });
    }
    return pages.send(request, reply, { url: request.url, language: requestLanguage(request), status, state: { error: { status, code } } });
  });

  // Any other method or path: the same answer as a missing page or API resource, never Fastify's own.
  app.setNotFoundHandler(async () => {
    throw new HttpError('not_found');
  });

  await app.register(healthRoutes, {
    db: services.db,
    writableDirs: [config.documents.stagingDir, ...(config.documents.storage.kind === 'local' ? [config.documents.storage.dir] : [])],
  });
  const links: SignedLinks = { publicUrl: config.publicUrl, secret: await linkSigningSecret(services.db, config.linkSigningSecret) };
  await app.register(callbackRequestRoutes, {
    db: services.db,
    pages,
    rateLimit: config.callbackRateLimit,
    callbacks: config.callbacks,
    links,
    sms: config.sms,
    clock,
  });
  await app.register(callbackQueueRoutes, { db: services.db, clock, callbacks: config.callbacks, links });
  await app.register(satisfactionSurveyRoutes, { db: services.db, pages, links });
  await app.register(accessibilityFeedbackRoutes, {
    db: services.db,
    pages,
    contactEmail: config.accessibilityContactEmail,
    rateLimit: config.callbackRateLimit,
  });
  if (config.devIdp.enabled) await app.register(devIdentityProvider, { config, pages, db: services.db, secret: links.secret });
  await app.register(signInRoutes, {
    db: services.db,
    sessions,
    relyingParty: relyingParty(config.oidc.citizen),
    audience: 'citizen',
    basePath: '/auth',
    home: '/account',
    cookies,
    rateLimit: config.loginRateLimit,
  });
  await app.register(signInRoutes, {
    db: services.db,
    sessions,
    relyingParty: relyingParty(config.oidc.agent),
    audience: 'agent',
    basePath: '/agent/auth',
    home: '/agent',
    cookies,
    rateLimit: config.loginRateLimit,
  });
  await app.register(sessionRoutes, { sessions, clock, idleMinutes: config.sessions.idleMinutes });
  await app.register(accountRoutes, { db: services.db, pages, cookies, clock, sms: config.sms });
  await app.register(agentRoutes, { db: services.db, pages });
  await app.register(devInboxRoutes, { db: services.db, pages, enabled: config.notifications.devInbox });
  if (config.notifications.receiptToken) {
    await app.register(deliveryReceiptRoutes, { db: services.db, token: config.notifications.receiptToken });
  }
  const connector =
    services.connector ??
    (config.dataConnector.kind === 'api_particulier'
      ? apiParticulierConnector({ url: config.dataConnector.url, token: config.dataConnector.token })
      : sandboxConnector());
  await app.register(procedureRoutes, { db: services.db, connector });
  await app.register(procedurePageRoutes, { db: services.db, connector, pages });

  await app.register(dossierPageRoutes, { db: services.db, pages });
  await app.register(caseHandlingRoutes, { db: services.db });
  const documents = config.documents;
  const scanner = services.virusScanner ?? (documents.antivirus.kind === 'clamd' ? clamdScanner(documents.antivirus) : undefined);
  if (!scanner) app.log.warn('DOCUMENT_ANTIVIRUS is off: uploaded documents are not scanned for viruses (set DOCUMENT_ANTIVIRUS=clamd)');
  await app.register(documentRoutes, {
    db: services.db,
    config: documents,
    publicUrl: config.publicUrl,
    storage:
      services.documentStorage ??
      (documents.storage.kind === 's3' ? s3StorageDriver(documents.storage) : localStorageDriver(documents.storage.dir)),
    scanner,
    pages,
  });
  const visit: VisitContext = {
    db: services.db,
    notifier: services.visitNotifier ?? queueVisitNotifier(),
    geocoder: config.visit.geocoder === 'api-adresse' ? apiAdresseGeocoder() : demoPostcodeGeocoder(),
    rules: config.visit,
    publicUrl: config.publicUrl,
    links,
    sms: config.sms,
    clock,
  };
  await app.register(visitRoutes, { context: visit, pages, rateLimit: config.visit.rateLimit });
  await app.register(counterAgendaRoutes, { context: visit, pages });
  scheduleVisitReminders(app, visit, config.visit.reminderIntervalSeconds);
  schedulePurge(app, services.db, clock);
  await app.register(citizenRoutes, { db: services.db, clock });
  await app.register(mandateRoutes, { db: services.db, connector, clock });
  await app.register(readingPreferencesRoutes, { db: services.db, cookies });
  await app.register(pageRoutes, { pages });

  return app;
}
