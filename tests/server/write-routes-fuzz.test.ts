import fc from 'fast-check';
import type * as FastifyModule from 'fastify';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { canteenAnswers } from '../../src/shared/procedures/school-canteen.example.ts';
import { signInAs } from '../support/sign-in.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseKinds } from '../support/test-database.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

// Every route the real app declares, as Fastify's onRoute hook sees it: the app is built by the
// same buildApp as in production, only the factory is wrapped to add the hook first.
const declared = vi.hoisted(() => [] as RouteOptions[]);
vi.mock('fastify', async (importOriginal) => {
  const original = await importOriginal<typeof FastifyModule>();
  const factory = original.default as unknown as (...args: unknown[]) => FastifyInstance;
  const withRouteHook = (...args: unknown[]) => {
    const app = factory(...args);
    app.addHook('onRoute', (route) => {
      declared.push(route);
    });
    return app;
  };
  return { ...original, default: withRouteHook, fastify: withRouteHook };
});

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const receiptToken = 'receipt-token-0123456789abcdefghijklmnop';

interface WriteRoute {
  method: string;
  url: string;
}

function writeRoutes(): WriteRoute[] {
  const seen = new Set<string>();
  const routes: WriteRoute[] = [];
  for (const route of declared) {
    for (const method of [route.method].flat()) {
      const key = `${method} ${route.url}`;
      if (!writeMethods.has(method) || seen.has(key)) continue;
      seen.add(key);
      routes.push({ method, url: route.url });
    }
  }
  // Signing out ends the session every later request needs: last.
  return routes.sort((a, b) => Number(a.url.includes('logout')) - Number(b.url.includes('logout')));
}

/** Field names the app's forms and APIs use, so junk lands in real fields as well as unknown ones. */
const fieldNames = [
  'phone',
  'topic',
  'window',
  'topicDetail',
  'name',
  'callLanguage',
  'dossier',
  'service',
  'location',
  'start',
  'day',
  'postcode',
  'code',
  'message',
  'action',
  'procedure',
  'answers',
  'note',
  'outcome',
  'delay',
  'scope',
  'duration',
  'method',
  'document',
  'checks',
  'id',
  'status',
  'error',
  'page',
  'contact',
  'rating',
  'persona',
  'sms',
  'email',
  'language',
  'kind',
  'expires_on',
  'filetype',
  'keep',
  'q',
  '_csrf',
  '_idempotency_key',
  '__proto__',
  'constructor',
];

const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\u001b[31m', '\ud800', '\uffff', "'; drop table dossier; --", '%00', '../../etc/passwd', ' '),
  fc.integer({ min: 1000, max: 70_000 }).map((length) => 'x'.repeat(length)),
);
const junk: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;
const jsonBody = fc.oneof(
  junk,
  fc.dictionary(fc.constantFrom(...fieldNames), junk, { maxKeys: 8 }),
  fc.dictionary(fc.constantFrom(...fieldNames), nastyString, { maxKeys: 8 }),
);
const formBody = fc.dictionary(fc.constantFrom(...fieldNames), nastyString, { maxKeys: 8 });

/** A request as a browser or the outbox would send it, but with a body it never would. */
type Probe =
  | { kind: 'json'; body: unknown }
  | { kind: 'form'; fields: Record<string, string> }
  | { kind: 'raw'; contentType: string | undefined; payload: string };

const malformed: Probe[] = [
  { kind: 'raw', contentType: 'application/json', payload: '{"phone": ' },
  { kind: 'raw', contentType: 'application/json', payload: '' },
  { kind: 'raw', contentType: 'application/json', payload: '{"a":"\\u0000"}' },
  { kind: 'raw', contentType: 'application/json', payload: '"just a string"' },
  { kind: 'raw', contentType: 'application/json', payload: `{"name":"${'y'.repeat(2_000_000)}"}` },
  { kind: 'raw', contentType: 'text/plain', payload: 'hello' },
  { kind: 'raw', contentType: 'application/xml', payload: '<a/>' },
  {
    kind: 'raw',
    contentType: 'multipart/form-data; boundary=x',
    payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--',
  },
  { kind: 'raw', contentType: undefined, payload: 'name=a' },
  { kind: 'raw', contentType: 'application/x-www-form-urlencoded', payload: 'a=%zz&&=&b[c]=1&name=%00' },
];

const probe: fc.Arbitrary<Probe> = fc.oneof(
  jsonBody.map((body): Probe => ({ kind: 'json', body })),
  formBody.map((fields): Probe => ({ kind: 'form', fields })),
);

/** Texts a citizen's browser may still send (pasted, or from a broken keyboard): each goes into every field of a valid body. */
const hostileTexts = ['a\u0000b', 'x\u001by', '\ud800', 'z'.repeat(10_000)];

/** Bodies the route accepts, so one hostile field is all that is wrong: what reaches the database. */
const validBodies: Record<string, Record<string, unknown>> = {
  '/api/callback-requests': { phone: '06 12 34 56 78', topic: 'other', window: 'morning', topicDetail: 'Une question', name: 'Camille' },
  '/api/accessibility-feedback': { message: 'Le bouton est illisible', page: '/help', contact: 'a@example.org' },
  '/api/visit/verifications': {
    service: 'id_card',
    location: 'limoges-hotel-de-ville',
    start: '2030-01-07T09:00:00.000Z',
    phone: '06 12 34 56 78',
    name: 'Camille',
  },
  '/api/agent/dossiers/:reference/actions': { action: 'request_information', message: 'Merci' },
  '/api/dossiers/:reference/information': { message: 'Voici' },
  '/api/agent/callbacks/:reference/outcome': { outcome: 'done', note: 'Rappelée' },
  '/api/notifications/sms-receipts': { id: 'gw-1', status: 'delivered' },
  '/agent/counter': { service: 'civil_status', name: 'Nadia', phone: '' },
  '/api/agent/citizens/:citizen/mandates': { scope: 'procedure:school-canteen', duration: '1h', method: 'sms_code' },
};
validBodies['/callback'] = validBodies['/api/callback-requests'] ?? {};
validBodies['/accessibility/feedback'] = validBodies['/api/accessibility-feedback'] ?? {};
validBodies['/visit/details'] = validBodies['/api/visit/verifications'] ?? {};

/** Each valid body with one field (one answer, for a procedure) replaced by `text`. */
function withHostileField(url: string, text: string): Record<string, unknown>[] {
  if (url === '/api/dossiers' || url.endsWith('/draft')) {
    return Object.keys(canteenAnswers).map((key) => ({ procedure: 'school-canteen', answers: { ...canteenAnswers, [key]: text } }));
  }
  const valid = validBodies[url];
  return valid ? Object.keys(valid).map((key) => ({ ...valid, [key]: text })) : [];
}

/** Junk for any `:param`; each test adds real records' ids so a route reaches the body. */
const junkParams = ['00000000-0000-4000-8000-000000000000', 'a%00b', 'x'.repeat(300)];

let keyCounter = 0;
const newKey = () => `fuzz-key-${String((keyCounter += 1)).padStart(10, '0')}`;

describe.each(databaseKinds)('every state-changing route on %s', (kind) => {
  let test: TestApp;
  let personas: Record<'citizen' | 'phone' | 'counter' | 'caseHandler', Visitor>;
  const realParams: Record<string, string[]> = {};

  beforeAll(async () => {
    declared.length = 0;
    test = await createTestApp(kind, {
      NOTIFICATION_WORKER: 'false',
      SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms',
      SMS_GATEWAY_TOKEN: 'secret',
      SMS_GATEWAY_RECEIPT_TOKEN: receiptToken,
    });
    await seedDemoData(test.database.db);
    const [citizen, phone, counter, caseHandler] = await Promise.all([1, 2, 3, 4].map(() => visitor(test.app)));
    if (!citizen || !phone || !counter || !caseHandler) throw new Error('visitors');
    await signInAs(citizen, 'marie-dupont');
    await signInAs(phone, 'sophie-moreau', { basePath: '/agent/auth' });
    await signInAs(counter, 'karim-haddad', { basePath: '/agent/auth' });
    await signInAs(caseHandler, 'claire-petit', { basePath: '/agent/auth' });
    personas = { citizen, phone, counter, caseHandler };

    // Real records, so routes that look one up first get as far as reading the body.
    const asked = await citizen.postJson(
      '/api/callback-requests',
      { phone: '06 12 34 56 78', topic: 'school', window: 'morning' },
      { idempotencyKey: newKey() },
    );
    const callback = asked.json<{ reference: string }>().reference;
    await phone.postJson(`/api/agent/callbacks/${callback}/claim`, {}, {});
    const submitted = await citizen.postJson(
      '/api/dossiers',
      { procedure: 'school-canteen', answers: canteenAnswers },
      { idempotencyKey: newKey() },
    );
    const dossier = submitted.json<{ reference: string }>().reference;
    const marie = await test.database.db
      .selectFrom('person_identity')
      .select('person_id')
      .where('given_name', '=', 'Marie')
      .executeTakeFirstOrThrow();
    Object.assign(realParams, {
      reference: [callback, dossier],
      citizen: [marie.person_id],
      procedure: ['school-canteen', 'civil-status-certificate'],
    });
  }, 180_000);
  afterAll(() => test.close());

  /** The persona whose session lets the request through to its body. */
  const personaFor = (url: string): Visitor =>
    url.startsWith('/agent/counter') || url.startsWith('/api/agent/counter')
      ? personas.counter
      : url.includes('/dossiers') && url.includes('agent')
        ? personas.caseHandler
        : url.includes('agent')
          ? personas.phone
          : personas.citizen;

  const send = (app: FastifyInstance, route: WriteRoute, url: string, who: Visitor, request: Probe) => {
    const headers: Record<string, string> = {
      'x-csrf-token': who.csrfToken,
      'sec-fetch-site': 'same-origin',
      origin: 'http://localhost:8080',
      host: 'localhost:8080',
      'idempotency-key': newKey(),
      authorization: `Bearer ${receiptToken}`,
      'tus-resumable': '1.0.0',
    };
    let payload: string;
    if (request.kind === 'json') {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(request.body) ?? 'null';
    } else if (request.kind === 'form') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams({ ...request.fields, _csrf: who.csrfToken }).toString();
    } else {
      if (request.contentType) headers['content-type'] = request.contentType;
      payload = request.payload;
    }
    return who.request({ method: route.method as 'POST', url, headers, payload });
  };

  it('collects the routes from the app itself', () => {
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContainEqual({ method: 'POST', url: '/api/callback-requests' });
    expect(routes).toContainEqual({ method: 'PUT', url: '/api/procedures/:procedure/draft' });
  });

  it('never answers a 500 to a malformed or hostile body', async () => {
    const failures: string[] = [];
    /** The route's address with its `:params` filled: the `choice`-th of the real and junk values. */
    const fill = (url: string, choice: number) =>
      url
        .replace(/:([A-Za-z_]+)/g, (_match, name: string) => {
          const values = [...(realParams[name] ?? []), ...junkParams];
          return values[choice % values.length] ?? '';
        })
        .replace('*', 'anything');
    const check = async (route: WriteRoute, request: Probe, choice: number) => {
      const url = fill(route.url, choice);
      const response = await send(test.app, route, url, personaFor(route.url), request);
      if (response.statusCode >= 500) {
        const shown = JSON.stringify(request).slice(0, 300);
        failures.push(`${route.method} ${url} ${response.statusCode} ${response.body.slice(0, 120)} ← ${shown}`);
      }
    };
    for (const route of writeRoutes()) {
      for (const request of malformed) await check(route, request, 0);
      for (const text of hostileTexts) {
        for (const body of withHostileField(route.url, text)) {
          const fields = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value)]));
          await check(route, route.url.startsWith('/api/') ? { kind: 'json', body } : { kind: 'form', fields }, 0);
        }
      }
      // A fixed seed: the same bodies on every run, so a failure can be replayed; every failure is
      // collected (not only the first) so one run names every route that breaks.
      for (const [request, choice] of fc.sample(fc.tuple(probe, fc.nat()), { numRuns: 12, seed: 20261203 }))
        await check(route, request, choice);
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
