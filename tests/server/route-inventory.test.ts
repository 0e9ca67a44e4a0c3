import { randomUUID } from 'node:crypto';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MandateView } from '../../src/shared/mandate.ts';
import { certificateAnswers } from '../../src/shared/procedures/civil-status-certificate.example.ts';
import { anonymous, type Principal } from '../../src/server/auth/principal.ts';
import { enforceRouteAccess, type DeclaredRoute } from '../../src/server/auth/route-access.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseKinds } from '../support/test-database.ts';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

/**
 * Every route the real app registers, walked the way the accessibility matrix walks every page:
 * each declares who may call it (the server does not start otherwise), and each one that is not
 * public refuses the visitors it must — anonymous, a citizen on an agent's route, another citizen
 * on a citizen's record, an agent of another role or of another service — with 401, 403 or 404
 * (or, for a page, a redirect to sign in): never a success, never a 500.
 */
describe('a route that declares no access', () => {
  it('stops the server from starting', async () => {
    const app = Fastify();
    app.decorateRequest<Principal | null>('principal', null);
    enforceRouteAccess(app);
    app.get('/declared', { config: { access: 'public' } }, async () => 'ok');
    const register = async () => {
      await app.register(async (scope) => {
        scope.get('/forgotten', async () => 'oops');
      });
      await app.ready();
    };
    await expect(register()).rejects.toThrow(/GET \/forgotten declares no access/);
    await app.close();
  });

  it('answers 401 to the anonymous, 403 to another role, and runs for the right one', async () => {
    const app = Fastify();
    app.decorateRequest<Principal | null>('principal', null);
    let who: unknown = anonymous;
    app.addHook('onRequest', async (request) => {
      request.principal = who as Principal;
    });
    enforceRouteAccess(app);
    app.get('/api/handlers', { config: { access: { agent: ['case_handler'] } } }, async () => 'ran');
    expect((await app.inject('/api/handlers')).statusCode).toBe(401);
    who = { kind: 'agent', agentId: 'a', role: 'phone_agent', serviceId: 'reception', unit: 'Accueil' };
    expect((await app.inject('/api/handlers')).statusCode).toBe(403);
    who = { ...(who as object), role: 'case_handler' };
    expect((await app.inject('/api/handlers')).body).toBe('ran');
    await app.close();
  });
});

type Persona = 'anonymous' | 'citizen' | 'otherCitizen' | 'phoneAgent' | 'counterAgent' | 'caseHandler' | 'otherServiceHandler' | 'admin';

describe.each(databaseKinds)('the route inventory on %s', (kind) => {
  let test: TestApp;
  const people = {} as Record<Persona, Visitor>;
  /** What belongs to the citizen (Marie) and must never reach anyone else: the values route parameters point at. */
  const marie = { personId: '', reference: '', documentId: '', callbackId: '', callbackReference: '', mandateId: '' };

  beforeAll(async () => {
    test = await createTestApp(kind, { SESSION_IDLE_MINUTES: '1440' });
    const app = test.app;
    for (const persona of Object.keys(personaIds) as Persona[]) people[persona] = await visitor(app);
    for (const [persona, id] of Object.entries(personaIds) as [Persona, string | undefined][]) {
      if (!id) continue;
      const agent = !['citizen', 'otherCitizen'].includes(persona);
      await signInAs(people[persona], id, agent ? { basePath: '/agent/auth' } : {});
    }
    const db = test.database.db;
    marie.personId = (
      await db.selectFrom('person_identity').select('person_id').where('subject', '=', 'marie-dupont').executeTakeFirstOrThrow()
    ).person_id;

    const submitted = await people.citizen.postJson(
      '/api/dossiers',
      { procedure: 'civil-status-certificate', answers: certificateAnswers },
      { idempotencyKey: randomUUID() },
    );
    expect(submitted.statusCode).toBe(201);
    marie.reference = submitted.json<{ reference: string }>().reference;

    const callback = await people.citizen.postJson(
      '/api/callback-requests',
      { phone: '06 12 34 56 78', topic: 'school', window: 'morning', name: 'Marie' },
      { idempotencyKey: randomUUID() },
    );
    expect(callback.statusCode).toBe(201);
    marie.callbackReference = callback.json<{ reference: string }>().reference;
    marie.callbackId = (
      await db.selectFrom('callback_request').select('id').where('reference', '=', marie.callbackReference).executeTakeFirstOrThrow()
    ).id;

    // A document in her locker, attached to her dossier (the upload itself is tested elsewhere).
    const dossier = await db.selectFrom('dossier').select('id').where('reference', '=', marie.reference).executeTakeFirstOrThrow();
    marie.documentId = (
      await db
        .insertInto('document')
        .values({
          id: randomUUID(),
          person_id: marie.personId,
          name: 'Facture',
          kind: 'proof_of_address',
          media_type: 'application/pdf',
          size: 10,
          sha256: '0'.repeat(64),
          status: 'clean',
          storage_key: 'route-inventory',
          wrapped_key: 'x',
          key_id: 'main',
          in_locker: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('dossier_document').values({ dossier_id: dossier.id, document_id: marie.documentId, question: 'proof' }).execute();

    // The counter agent holds a mandate for her, given in person at a counter of the demo places.
    await seedDemoData(db);
    const mandate = await people.counterAgent.postJson(
      `/api/agent/citizens/${marie.personId}/mandates`,
      {
        scope: 'procedure:civil-status-certificate',
        duration: '1d',
        method: 'in_person',
        document: 'passport',
        checks: 'photo,names,birthdate,valid',
      },
      {},
    );
    expect(mandate.statusCode).toBe(201);
    marie.mandateId = mandate.json<MandateView>().id;
  });
  afterAll(() => test.close());

  /** Route parameters filled with Marie's records (and her dossier's service, civil status). */
  const urlOf = (route: DeclaredRoute) =>
    route.url.replace(/:(\w+)/g, (_match, name: string) => {
      const value = {
        procedure: 'civil-status-certificate',
        step: 'identity',
        reference: route.url.startsWith('/api/agent/callbacks') ? marie.callbackReference : marie.reference,
        id: route.url.startsWith('/api/account/callback-requests') ? marie.callbackId : marie.documentId,
        citizen: marie.personId,
        mandate: marie.mandateId,
      }[name];
      if (value === undefined) throw new Error(`No value for :${name} in ${route.url}: add one to the inventory test`);
      return value;
    });

  const call = (who: Persona, route: DeclaredRoute): Promise<LightMyRequestResponse> => {
    const unsafe = !['GET', 'HEAD'].includes(route.method);
    return people[who].request({
      method: route.method as 'GET',
      url: urlOf(route),
      headers: unsafe
        ? {
            'content-type': 'application/json',
            'x-csrf-token': people[who].csrfToken,
            'sec-fetch-site': 'same-origin',
            'idempotency-key': randomUUID(),
          }
        : {},
      ...(unsafe ? { payload: '{}' } : {}),
    });
  };

  /** Refused: 401, 403 or 404, or a page's redirect to sign in; and nothing of Marie's in the answer. */
  const expectRefused = (route: DeclaredRoute, who: Persona, response: LightMyRequestResponse) => {
    const label = `${route.method} ${route.url} as ${who}`;
    if (response.statusCode === 303) {
      expect(route.url.startsWith('/api/'), label).toBe(false);
      expect(String(response.headers.location), label).toMatch(/^\/(agent\/)?auth\/login\?return=/);
      return;
    }
    expect([401, 403, 404], `${label}: ${response.statusCode} ${response.body.slice(0, 200)}`).toContain(response.statusCode);
    // A page may repeat its own address (a sign-in link back to it): that is no leak.
    const url = urlOf(route);
    for (const secret of [marie.reference, marie.documentId, marie.callbackReference, marie.mandateId]) {
      if (!route.url.startsWith('/api/') && url.includes(secret)) continue;
      expect(response.body.includes(secret), `${label} shows ${secret}`).toBe(false);
    }
  };

  const routes = () => test.app.declaredRoutes.filter((route) => route.method !== 'HEAD');
  const agentRoutes = () => routes().flatMap((route) => (typeof route.access === 'object' ? [{ route, roles: route.access.agent }] : []));

  // Routes whose records belong to a service: an agent of the right role but another service must not reach them.
  const serviceScoped: Record<string, Persona> = {
    '/api/agent/dossiers/:reference': 'otherServiceHandler',
    '/api/agent/dossiers/:reference/actions': 'otherServiceHandler',
    '/api/agent/dossiers/:reference/documents': 'otherServiceHandler',
    '/api/agent/dossiers/:reference/documents/:id/content': 'otherServiceHandler',
    // The mandate is the phone agent's (reception); a case handler of civil status may not end it.
    '/api/agent/citizens/:citizen/mandates/:mandate/revoke': 'caseHandler',
  };

  it('has a declaration on every route, and knows the routes it walks', () => {
    const declared = routes();
    expect(declared.length).toBeGreaterThan(60);
    for (const route of declared)
      expect(['public', 'citizen', 'signed-in'].includes(String(route.access)) || typeof route.access === 'object').toBe(true);
    // Every service-scoped route listed here still exists.
    for (const url of Object.keys(serviceScoped))
      expect(
        declared.some((route) => route.url === url),
        url,
      ).toBe(true);
    // Agents' API is never public.
    for (const route of declared.filter((candidate) => candidate.url.startsWith('/api/agent/'))) {
      expect(route.access, route.url).not.toBe('public');
    }
  });

  it('refuses anonymous visitors on every route that is not public', async () => {
    const guarded = routes().filter((route) => route.access !== 'public');
    expect(guarded.length).toBeGreaterThan(30);
    for (const route of guarded) expectRefused(route, 'anonymous', await call('anonymous', route));
  });

  it('refuses citizens on every agent route', async () => {
    for (const { route } of agentRoutes()) expectRefused(route, 'citizen', await call('citizen', route));
  });

  it('refuses agents on every citizen route', async () => {
    for (const route of routes().filter((candidate) => candidate.access === 'citizen')) {
      expectRefused(route, 'phoneAgent', await call('phoneAgent', route));
    }
  });

  it('refuses another citizen on every route that names one of Marie’s records', async () => {
    const ownRecords = routes().filter((route) => route.access === 'citizen' && /:(reference|id)\b/.test(route.url));
    expect(ownRecords.length).toBeGreaterThan(5);
    for (const route of ownRecords) expectRefused(route, 'otherCitizen', await call('otherCitizen', route));
  });

  it('refuses an agent of another role on every agent route that names roles', async () => {
    const agentPersonas: [Persona, string][] = [
      ['phoneAgent', 'phone_agent'],
      ['counterAgent', 'counter_agent'],
      ['caseHandler', 'case_handler'],
      ['admin', 'admin'],
    ];
    let checked = 0;
    for (const { route, roles } of agentRoutes()) {
      if (roles === 'any') continue;
      for (const [persona, role] of agentPersonas) {
        if (roles.some((allowed) => allowed === role)) continue;
        expectRefused(route, persona, await call(persona, route));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('refuses an agent of another service on every route holding a service’s records', async () => {
    for (const route of routes().filter((candidate) => candidate.url in serviceScoped)) {
      const persona = serviceScoped[route.url] as Persona;
      expectRefused(route, persona, await call(persona, route));
    }
  });

  it('lets the holder’s service or an admin end a mandate, and nobody else', async () => {
    const revoke = (who: Persona, mandateId: string) =>
      people[who].postJson(`/api/agent/citizens/${marie.personId}/mandates/${mandateId}/revoke`, {}, {});
    const grant = async () => {
      const response = await people.counterAgent.postJson(
        `/api/agent/citizens/${marie.personId}/mandates`,
        { scope: 'theme:civil_status', duration: '1h', method: 'in_person', document: 'passport', checks: 'photo,names,birthdate,valid' },
        {},
      );
      return response.json<MandateView>().id;
    };
    const first = await grant();
    expect((await revoke('caseHandler', first)).statusCode).toBe(403);
    // The phone agent works at the reception, like the counter agent who holds it.
    expect((await revoke('phoneAgent', first)).json<MandateView>().status).toBe('revoked');
    const second = await grant();
    expect((await revoke('admin', second)).json<MandateView>().status).toBe('revoked');
    // The same phone agent, moved to another service at their next sign-in, no longer may.
    const third = await grant();
    const db = test.database.db;
    await db.updateTable('agent').set({ service_id: 'education' }).where('subject', '=', 'sophie-moreau').execute();
    expect((await revoke('phoneAgent', third)).statusCode).toBe(403);
    await db.updateTable('agent').set({ service_id: 'reception' }).where('subject', '=', 'sophie-moreau').execute();
    expect((await revoke('counterAgent', third)).json<MandateView>().status).toBe('revoked');
  });
});

const personaIds: Record<Persona, string | undefined> = {
  anonymous: undefined,
  citizen: 'marie-dupont',
  otherCitizen: 'jean-martin',
  phoneAgent: 'sophie-moreau',
  counterAgent: 'karim-haddad',
  caseHandler: 'claire-petit',
  otherServiceHandler: 'nadia-benali',
  admin: 'thomas-girard',
};
