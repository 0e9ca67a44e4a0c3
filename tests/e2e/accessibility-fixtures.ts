import { addPhone } from '../../src/server/account/person.repository.ts';
import type { VisitSms } from '../../src/server/visit/visit-notifier.ts';
import type { MandateView } from '../../src/shared/mandate.ts';
import { canteenAnswers } from '../../src/shared/procedures/school-canteen.example.ts';
import type { VisitBooked, VisitStepData, VisitVerificationCreated } from '../../src/shared/visit.ts';
import { signInAs } from '../support/sign-in.ts';
import type { TestApp } from '../support/test-app.ts';
import { visitor, type Visitor } from '../support/visitor.ts';
import { certificateAnswers } from '../../src/shared/procedures/civil-status-certificate.example.ts';

/** Who opens a page of the matrix: nobody signed in, or one of the development provider's personas. */
export type Viewer = 'anyone' | 'marie-dupont' | 'nadia-benali' | 'sophie-moreau' | 'karim-haddad' | 'thomas-girard';

const agents: readonly string[] = ['nadia-benali', 'sophie-moreau', 'karim-haddad', 'thomas-girard'];

/** Citizens with an account page each, so checks that send phone codes never share one person's codes. */
export const accountHolders = [
  'marie-dupont',
  'jean-martin',
  'lucie-bernard',
  'amadou-diallo',
  'odette-leroy',
  'jean-francois-lefevre',
] as const;

/** Every page the matrix opens, by who opens it, with real records behind every parameter. */
export interface MatrixFixtures {
  paths: Record<Viewer, string[]>;
  /** Where Marie's no-JavaScript forms with a record in their address post (checked with their errors). */
  formPosts: { information: string };
  /** Each signed-in persona's cookies, to give a browser context their session. */
  sessions: Partial<Record<Viewer | (typeof accountHolders)[number], Record<string, string>>>;
}

/**
 * Makes, through the API as browsers would, one of each thing a page can show: a call-back request
 * (its confirmation and its SMS cancel link), a call done (the survey link), a dossier, a counter
 * visit at each step of its booking (the details form, the SMS code form, the manage link, a moved
 * visit's old link, the question before cancelling), a citizen's consent to a phone agent and a
 * request that agent sent for her. Needs the demo seed
 * (counters and their hours) and the server's visit notifier, which keeps the SMS codes.
 */
export async function createMatrixFixtures(server: TestApp, visitSms: VisitSms[]): Promise<MatrixFixtures> {
  const db = server.database.db;
  let keys = 0;
  const key = (what: string) => `accessibility-matrix-${what}-${String((keys += 1)).padStart(4, '0')}`;
  const created = async <Body>(response: Promise<{ statusCode: number; body: string; json<T>(): T }>, what: string): Promise<Body> => {
    const answered = await response;
    if (answered.statusCode >= 300) throw new Error(`${what}: ${answered.statusCode} ${answered.body.slice(0, 300)}`);
    return answered.json<Body>();
  };
  const linkIn = async (template: string, recipient: string): Promise<string> => {
    const sms = await db
      .selectFrom('notification')
      .select('params')
      .where('template', '=', template)
      .where('recipient', '=', recipient)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return new URL(String(sms.params.link)).pathname;
  };

  const signedIn: Record<string, Visitor> = {};
  for (const persona of [...accountHolders, ...agents]) {
    const who = await visitor(server.app);
    await signInAs(who, persona, agents.includes(persona) ? { basePath: '/agent/auth' } : {});
    // The CSRF token is bound to the session: take the signed-in one.
    who.csrfToken = (await who.get('/api/csrf')).json<{ token: string }>().token;
    signedIn[persona] = who;
  }
  const as = (persona: string): Visitor => {
    const who = signedIn[persona];
    if (!who) throw new Error(`${persona} is not signed in`);
    return who;
  };

  const anyone = await visitor(server.app);
  const callback = await created<{ reference: string }>(
    anyone.postJson(
      '/api/callback-requests',
      { phone: '06 12 34 56 78', topic: 'school', window: 'any' },
      { idempotencyKey: key('callback') },
    ),
    'call-back request',
  );
  const cancelLink = await linkIn('callback_confirmation', '+33612345678');

  // A second request, called back: its survey link, and one the phone agent holds (the call page).
  const called = await created<{ reference: string }>(
    anyone.postJson(
      '/api/callback-requests',
      { phone: '06 70 00 00 09', topic: 'school', window: 'any' },
      { idempotencyKey: key('called') },
    ),
    'call-back request to call',
  );
  await created(as('sophie-moreau').postJson(`/api/agent/callbacks/${called.reference}/claim`, {}, {}), 'claim');
  await created(as('sophie-moreau').postJson(`/api/agent/callbacks/${called.reference}/outcome`, { outcome: 'done' }, {}), 'call done');
  const surveyLink = await linkIn('satisfaction_survey', '+33670000009');
  await created(as('sophie-moreau').postJson(`/api/agent/callbacks/${callback.reference}/claim`, {}, {}), 'claim');

  const dossier = await created<{ reference: string }>(
    as('marie-dupont').postJson(
      '/api/dossiers',
      { procedure: 'school-canteen', answers: canteenAnswers },
      { idempotencyKey: key('dossier') },
    ),
    'dossier',
  );

  // A second dossier in which the case handler asks Marie for something: the page with the reply form.
  const asked = await created<{ reference: string }>(
    as('marie-dupont').postJson(
      '/api/dossiers',
      { procedure: 'school-canteen', answers: canteenAnswers },
      { idempotencyKey: key('asked') },
    ),
    'dossier asked for information',
  );
  for (const action of ['start_review', 'request_information']) {
    await created(
      as('nadia-benali').postJson(
        `/api/agent/dossiers/${asked.reference}/actions`,
        { action, message: 'Merci d’ajouter le certificat.' },
        {},
      ),
      action,
    );
  }

  // A document in Marie's locker, added by the form a browser without JavaScript posts.
  const boundary = 'accessibility-matrix-boundary';
  const fields = { _csrf: as('marie-dupont').csrfToken, name: 'Justificatif de domicile', kind: 'proof_of_address' };
  const added = await as('marie-dupont').request({
    method: 'POST',
    url: '/documents?add',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, origin: 'http://localhost:8080', host: 'localhost:8080' },
    payload: Buffer.concat([
      ...Object.entries(fields).map(([name, value]) =>
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="domicile.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      Buffer.from(`%PDF-1.7\n${'0'.repeat(2000)}\n%%EOF\n`),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  const documentId = new URL(String(added.headers.location), 'http://localhost:8080').searchParams.get('added');
  if (added.statusCode !== 303 || !documentId) throw new Error(`document: ${added.statusCode} ${added.body.slice(0, 300)}`);

  // Consent given by SMS code, then a request the phone agent sends on Marie's behalf.
  const { person_id: marie } = await db
    .selectFrom('person_identity')
    .select('person_id')
    .where('subject', '=', 'marie-dupont')
    .executeTakeFirstOrThrow();
  await addPhone(db, marie, '+33612345678', 'sms_code', new Date());
  const mandate = await created<MandateView>(
    as('sophie-moreau').postJson(
      `/api/agent/citizens/${marie}/mandates`,
      { scope: 'procedure:civil-status-certificate', duration: '1d', method: 'sms_code' },
      {},
    ),
    'mandate',
  );
  const code = await db
    .selectFrom('notification')
    .select('params')
    .where('person_id', '=', marie)
    .where('template', '=', 'mandate_consent_code')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  await created(
    as('sophie-moreau').postJson(`/api/agent/citizens/${marie}/mandates/${mandate.id}/code`, { code: String(code.params.code) }, {}),
    'consent',
  );
  const onBehalf = await created<{ reference: string }>(
    as('sophie-moreau').postJson(
      `/api/agent/citizens/${marie}/dossiers`,
      { procedure: 'civil-status-certificate', answers: certificateAnswers },
      { idempotencyKey: key('on-behalf') },
    ),
    'request on her behalf',
  );

  // A counter visit: the first free time of the first day with two, at the town hall (late in
  // the afternoon, today may have one time left).
  const step = async (query: string) => created<VisitStepData>(anyone.get(`/api/visit/step?${query}`), `visit step ${query}`);
  const service = 'id_card';
  const location = 'limoges-hotel-de-ville';
  // Days with two free times or more: late in the afternoon, today may have fewer left.
  const [firstDay, nextDay] = (await step(`service=${service}&location=${location}`)).days.filter((day) => day.freeSlots >= 2);
  if (!firstDay) throw new Error('No free day at the town hall');
  const times = (await step(`service=${service}&location=${location}&day=${firstDay.day}`)).times;
  const [first, second] = times;
  if (!first || !second) throw new Error('No day with two free times at the town hall');
  const details = `service=${service}&location=${location}&start=${encodeURIComponent(first.startsAt)}`;
  const verify = async (start: string, phone: string) =>
    (
      await created<VisitVerificationCreated>(
        anyone.postJson(
          '/api/visit/verifications',
          { service, location, start, phone, name: 'Camille Martin' },
          { idempotencyKey: key('visit') },
        ),
        'visit details',
      )
    ).verification;
  const waiting = await verify(first.startsAt, '+33600000001');
  const booked = await verify(second.startsAt, '+33600000002');
  const sentCode = visitSms.findLast((sms) => sms.template === 'visit_code' && sms.phone === '+33600000002');
  if (sentCode?.template !== 'visit_code') throw new Error('No visit code was sent');
  const appointment = await created<VisitBooked>(
    anyone.postJson(`/api/visit/verifications/${booked}/booking`, { code: sentCode.params.code }, { idempotencyKey: key('booking') }),
    'visit booking',
  );

  // A visit moved once, the next day (far enough ahead to move): its old link's page, and the new one's question before cancelling.
  const [nextFirst, nextSecond] = nextDay ? (await step(`service=${service}&location=${location}&day=${nextDay.day}`)).times : [];
  if (!nextFirst || !nextSecond) throw new Error('Fewer than two free times on the second day');
  const toMove = await verify(nextFirst.startsAt, '+33600000003');
  const moveCode = visitSms.findLast((sms) => sms.template === 'visit_code' && sms.phone === '+33600000003');
  if (moveCode?.template !== 'visit_code') throw new Error('No visit code was sent');
  const beforeMove = await created<VisitBooked>(
    anyone.postJson(`/api/visit/verifications/${toMove}/booking`, { code: moveCode.params.code }, { idempotencyKey: key('booking') }),
    'visit booking to move',
  );
  const moved = await created<VisitBooked>(
    anyone.postJson(
      `/api/visit/appointments/${beforeMove.manageToken}/move`,
      { start: nextSecond.startsAt },
      { idempotencyKey: key('move') },
    ),
    'visit move',
  );

  const certificate = `/agent/citizens/${marie}/procedures/civil-status-certificate`;
  return {
    paths: {
      anyone: [
        `/callback/confirmation/${callback.reference}`,
        cancelLink,
        surveyLink,
        '/visit',
        `/visit?service=${service}`,
        `/visit?service=${service}&location=${location}`,
        `/visit?service=${service}&location=${location}&day=${firstDay.day}`,
        `/visit/details?${details}`,
        `/visit/verify/${waiting}`,
        `/visit/appointment/${appointment.manageToken}`,
        // Signed out, a procedure's start page asks for a sign-in first.
        '/procedures/civil-status-certificate',
        `/visit/appointment/${beforeMove.manageToken}`,
        `/visit/appointment/${moved.manageToken}/cancel`,
      ],
      'marie-dupont': [
        '/account',
        '/procedures/school-canteen',
        '/procedures/school-canteen/steps/household',
        '/procedures/school-canteen/check',
        `/procedures/school-canteen/confirmation/${dossier.reference}`,
        '/requests',
        `/requests/${dossier.reference}`,
        `/requests/${onBehalf.reference}`,
        `/requests/${asked.reference}`,
        '/documents',
        '/documents?add',
        `/documents?document=${documentId}`,
        `/documents?document=${documentId}&delete`,
      ],
      'nadia-benali': ['/agent', '/agent/dossiers', `/agent/dossiers/${dossier.reference}`],
      'sophie-moreau': [
        '/agent/callbacks',
        `/agent/callbacks/${callback.reference}`,
        '/agent/citizens',
        `/agent/citizens/${marie}`,
        `${certificate}/steps/certificate`,
        `${certificate}/check`,
        `${certificate}/confirmation/${onBehalf.reference}`,
      ],
      'karim-haddad': ['/agent/counter'],
      'thomas-girard': ['/agent/satisfaction'],
    },
    sessions: Object.fromEntries(Object.entries(signedIn).map(([persona, who]) => [persona, who.cookies])),
    formPosts: { information: `/requests/${asked.reference}/information` },
  };
}
