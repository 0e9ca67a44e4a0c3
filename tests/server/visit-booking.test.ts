import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { memoryVisitNotifier } from '../support/memory-visit-notifier.ts';
import type { VisitSms } from '../../src/server/visit/visit-notifier.ts';
import { demoPostcodeGeocoder } from '../../src/server/visit/postcode-geocoder.ts';
import { linkSigningSecret } from '../../src/server/security/link-secret.ts';
import { renderNotification } from '../../src/server/notifications/notification-templates.ts';
import { cancelByService, sendDueReminders, type VisitContext } from '../../src/server/visit/visit.service.ts';
import { offlineHeader, offlineKeep } from '../../src/shared/http.ts';
import type { AppointmentView, MyVisitView, VisitBooked, VisitStepData, VisitVerificationCreated } from '../../src/shared/visit.ts';
import { databaseKinds } from '../support/test-database.ts';
import { languages, type Language } from '../../src/shared/languages.ts';
import type { PageState } from '../../src/shared/page-render.ts';
import arabic from '../../locales/ar/visit.json' with { type: 'json' };
import german from '../../locales/de/visit.json' with { type: 'json' };
import english from '../../locales/en/visit.json' with { type: 'json' };
import spanish from '../../locales/es/visit.json' with { type: 'json' };
import french from '../../locales/fr/visit.json' with { type: 'json' };
import dutch from '../../locales/nl/visit.json' with { type: 'json' };
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { visitor, type Visitor } from '../support/visitor.ts';
import { signInAs } from '../support/sign-in.ts';

// Monday 30 November 2026, 07:00 in Paris: the town hall opens at 08:30.
const monday = new Date('2026-11-30T06:00:00Z');
const at = (paris: string) => new Date(`${paris}+01:00`).toISOString();
/** The state a server-rendered page carries for the app (what it shows, as data). */
const pageState = (html: string): PageState => JSON.parse(/id="page-state">([^<]*)<\/script>/.exec(html)?.[1] ?? '{}') as PageState;
const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
// fr-easy rewrites some strings and falls back to French for the rest (the lists among them).
const visitStrings: Record<Language, typeof french> = { fr: french, en: english, nl: dutch, de: german, es: spanish, ar: arabic };

describe.each(databaseKinds)('counter visits on %s', (kind) => {
  let test: TestApp;
  let citizen: Visitor;
  let now = monday;
  const notifier = memoryVisitNotifier();
  let keyCounter = 0;
  const key = () => `visit-test-key-${String((keyCounter += 1)).padStart(8, '0')}`;

  beforeAll(async () => {
    test = await createTestApp(kind, {}, { visitNotifier: notifier, clock: () => now });
    await seedDemoData(test.database.db);
    citizen = await visitor(test.app);
  });
  afterAll(() => test.close());

  const lastCode = (phone: string): string => {
    const sms = notifier.sent.findLast(
      (message): message is Extract<VisitSms, { template: 'visit_code' }> => message.template === 'visit_code' && message.phone === phone,
    );
    if (!sms) throw new Error(`No code sent to ${phone}`);
    return sms.params.code;
  };

  /** The API path: details, then the code from the SMS. */
  async function book(who: Visitor, slot: { service: string; location: string; start: string }, phone = '+33612345678') {
    const started = await who.postJson('/api/visit/verifications', { ...slot, phone, name: 'Camille Martin' }, { idempotencyKey: key() });
    expect(started.statusCode).toBe(201);
    const { verification } = started.json<VisitVerificationCreated>();
    return who.postJson(`/api/visit/verifications/${verification}/booking`, { code: lastCode(phone) }, { idempotencyKey: key() });
  }

  const step = async (query: string) => (await citizen.get(`/api/visit/step?${query}`)).json<VisitStepData>();

  it('walks the steps: services, nearest places first, days with their free times, times', async () => {
    const services = await step('');
    expect(services.step).toBe('service');
    expect(services.services.map((service) => service.id)).toEqual(['benefits', 'civil_status', 'id_card', 'passport']);

    const places = await step('service=id_card&postcode=87200');
    expect(places.step).toBe('location');
    expect(places.locations.map((location) => location.id)).toEqual(['saint-junien', 'limoges-hotel-de-ville', 'limoges-beaubreuil']);
    expect(places.locations[0]?.distanceKm).toBe(0);
    expect((await step('service=id_card&postcode=1234')).postcodeError).toBe('visit:errors.postcode_invalid');

    const days = await step('service=id_card&location=limoges-hotel-de-ville');
    expect(days.step).toBe('day');
    // Sundays are left out; Saturday mornings are open; Christmas (a closure) is not listed.
    expect(days.days.slice(0, 7).map((day) => day.day)).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-07',
    ]);
    expect(days.days.map((day) => day.day)).not.toContain('2026-12-25');
    expect(days.days[0]?.freeSlots).toBe(14);
    expect(days.days[5]?.freeSlots).toBe(6);

    const times = await step('service=id_card&location=limoges-hotel-de-ville&day=2026-11-30');
    expect(times.step).toBe('time');
    expect(times.times.slice(0, 3)).toEqual([
      { startsAt: at('2026-11-30T08:30:00'), time: '08:30' },
      { startsAt: at('2026-11-30T09:00:00'), time: '09:00' },
      { startsAt: at('2026-11-30T09:30:00'), time: '09:30' },
    ]);
  });

  it('books through the API: the code by SMS, then a reference, a manage link and a confirmation SMS', async () => {
    const response = await book(citizen, { service: 'id_card', location: 'limoges-hotel-de-ville', start: at('2026-11-30T14:00:00') });
    expect(response.statusCode).toBe(201);
    const booked = response.json<VisitBooked>();
    expect(booked.reference).toMatch(/^RDV-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const view = (await citizen.get(`/api/visit/appointments/${booked.manageToken}`)).json<AppointmentView>();
    expect(view).toMatchObject({ reference: booked.reference, status: 'booked', day: '2026-11-30', time: '14:00', changeable: true });
    expect(view.location.directionsUrl).toBe('https://www.openstreetmap.org/directions?route=%3B45.8297%2C1.2593');
    const confirmation = notifier.sent.at(-1);
    expect(confirmation).toMatchObject({
      template: 'visit_confirmation',
      phone: '+33612345678',
      params: { reference: booked.reference, day: '2026-11-30', time: '14:00' },
    });
    expect(confirmation?.template === 'visit_confirmation' && confirmation.params.link).toBe(
      `http://localhost:8080/v/${booked.manageToken}`,
    );
    const stored = await test.database.db
      .selectFrom('appointment')
      .selectAll()
      .where('reference', '=', booked.reference)
      .executeTakeFirstOrThrow();
    expect(stored.manage_token_hash).not.toContain(booked.manageToken);
  });

  it('refuses a wrong code, and after five attempts the code is spent', async () => {
    const started = await citizen.postJson(
      '/api/visit/verifications',
      { service: 'civil_status', location: 'bellac', start: at('2026-11-30T09:00:00'), phone: '06 11 11 11 11', name: 'Zoé' },
      { idempotencyKey: key() },
    );
    const { verification } = started.json<VisitVerificationCreated>();
    const right = lastCode('+33611111111');
    const wrong = right === '000000' ? '111111' : '000000';
    const attempt = (code: string) =>
      citizen.postJson(`/api/visit/verifications/${verification}/booking`, { code }, { idempotencyKey: key() });
    const first = await attempt(wrong);
    expect(first.statusCode).toBe(422);
    expect(first.json()).toEqual({ error: 'validation', fields: { code: 'common:one_time_code.code_wrong' } });
    for (let count = 2; count <= 5; count += 1) await attempt(wrong);
    const late = await attempt(right);
    expect(late.json()).toEqual({ error: 'validation', fields: { code: 'common:one_time_code.code_attempts_exhausted' } });
    expect(
      (
        await citizen.postJson(
          '/api/visit/verifications/unknown-verification-token-0000000000/booking',
          { code: right },
          { idempotencyKey: key() },
        )
      ).statusCode,
    ).toBe(404);
  });

  it('50 concurrent bookings of the one last free counter at a time: exactly one succeeds', async () => {
    const slot = { service: 'passport', location: 'limoges-hotel-de-ville', start: at('2026-12-02T10:00:00') };
    // Two of the three counters are taken at 10:00.
    expect((await book(citizen, slot, '+33622222201')).statusCode).toBe(201);
    expect((await book(citizen, slot, '+33622222202')).statusCode).toBe(201);

    const phones = Array.from({ length: 50 }, (_, index) => `+336333333${String(index).padStart(2, '0')}`);
    const verifications = [];
    for (const phone of phones) {
      const started = await citizen.postJson('/api/visit/verifications', { ...slot, phone, name: 'Rush' }, { idempotencyKey: key() });
      expect(started.statusCode).toBe(201);
      verifications.push({ verification: started.json<VisitVerificationCreated>().verification, code: lastCode(phone) });
    }
    const responses = await Promise.all(
      verifications.map(({ verification, code }) =>
        citizen.postJson(`/api/visit/verifications/${verification}/booking`, { code }, { idempotencyKey: key() }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    expect(responses.find((response) => response.statusCode === 409)?.json()).toEqual({ error: 'slot_taken' });
    const atTen = await test.database.db
      .selectFrom('appointment')
      .select(['counter_id'])
      .where('starts_at', '=', new Date(slot.start))
      .where('status', '=', 'booked')
      .execute();
    expect(atTen.map((row) => row.counter_id).sort()).toEqual([
      'limoges-hotel-de-ville-1',
      'limoges-hotel-de-ville-2',
      'limoges-hotel-de-ville-3',
    ]);
    const day = await step('service=passport&location=limoges-hotel-de-ville&day=2026-12-02');
    expect(day.times.map((time) => time.time)).not.toContain('10:00');
  });

  it('never lets two services overlap on a counter, whatever their lengths', async () => {
    // Bellac has one counter: a 45-minute visit at 09:00 covers 09:15 and 09:30 too.
    expect(
      (await book(citizen, { service: 'benefits', location: 'bellac', start: at('2026-12-04T09:00:00') }, '+33644444401')).statusCode,
    ).toBe(201);
    const overlapping = await citizen.postJson(
      '/api/visit/verifications',
      { service: 'civil_status', location: 'bellac', start: at('2026-12-04T09:15:00'), phone: '+33644444402', name: 'Léa' },
      { idempotencyKey: key() },
    );
    expect(overlapping.statusCode).toBe(409);
    // The database itself refuses a second hold on the same counter and quarter hour.
    const held = await test.database.db
      .selectFrom('appointment_hold')
      .selectAll()
      .where('starts_at', '=', new Date(at('2026-12-04T09:30:00')))
      .executeTakeFirstOrThrow();
    await expect(test.database.db.insertInto('appointment_hold').values(held).execute()).rejects.toThrow(/duplicate key|unique/);
    const times = await step('service=civil_status&location=bellac&day=2026-12-04');
    expect(times.times.slice(0, 2).map((time) => time.time)).toEqual(['09:45', '10:00']);
  });

  describe('the manage link', () => {
    it('answers an unknown or malformed token with 404, as API and as page', async () => {
      expect((await citizen.get('/api/visit/appointments/not-a-real-token-0000000000000000000000')).statusCode).toBe(404);
      expect((await citizen.get('/visit/appointment/short')).statusCode).toBe(404);
      const cancel = await citizen.postJson(
        '/api/visit/appointments/not-a-real-token-0000000000000000000000/cancellation',
        { confirm: 'yes' },
        { idempotencyKey: key() },
      );
      expect(cancel.statusCode).toBe(404);
      const form = await citizen.postForm('/visit/appointment/not-a-real-token-0000000000000000000000/cancel', { confirm: 'yes' });
      expect(form.statusCode).toBe(404);
    });

    it('cancels up to 4 hours before and frees the time', async () => {
      const slot = { service: 'civil_status', location: 'limoges-beaubreuil', start: at('2026-12-01T09:00:00') };
      const { manageToken } = (await book(citizen, slot, '+33655555501')).json<VisitBooked>();
      expect((await step('service=civil_status&location=limoges-beaubreuil&day=2026-12-01')).times[0]?.time).toBe('09:15');
      const cancelled = await citizen.postJson(
        `/api/visit/appointments/${manageToken}/cancellation`,
        { confirm: 'yes' },
        { idempotencyKey: key() },
      );
      expect(cancelled.statusCode).toBe(200);
      expect((await citizen.get(`/api/visit/appointments/${manageToken}`)).json<AppointmentView>()).toMatchObject({
        status: 'cancelled_by_citizen',
        changeable: false,
      });
      expect((await step('service=civil_status&location=limoges-beaubreuil&day=2026-12-01')).times[0]?.time).toBe('09:00');
    });

    it('refuses to cancel or move less than 4 hours before', async () => {
      const { manageToken } = (
        await book(
          citizen,
          { service: 'civil_status', location: 'limoges-hotel-de-ville', start: at('2026-11-30T11:15:00') },
          '+33655555502',
        )
      ).json<VisitBooked>();
      expect((await citizen.get(`/api/visit/appointments/${manageToken}`)).json<AppointmentView>().changeable).toBe(true);
      now = new Date('2026-11-30T06:16:00Z'); // 07:16 in Paris: 3 h 59 before.
      try {
        expect((await citizen.get(`/api/visit/appointments/${manageToken}`)).json<AppointmentView>().changeable).toBe(false);
        const refused = await citizen.postJson(
          `/api/visit/appointments/${manageToken}/cancellation`,
          { confirm: 'yes' },
          { idempotencyKey: key() },
        );
        expect(refused.statusCode).toBe(409);
        expect(refused.json()).toEqual({ error: 'too_late_to_change' });
        const page = await citizen.postForm(`/visit/appointment/${manageToken}/cancel`, { confirm: 'yes' });
        expect(page.statusCode).toBe(409);
        expect(page.body).toContain('Trop tard pour changer en ligne');
      } finally {
        now = monday;
      }
    });

    it('moves a visit: the new time is booked and the old one freed together', async () => {
      const { manageToken } = (
        await book(citizen, { service: 'id_card', location: 'saint-junien', start: at('2026-12-03T09:00:00') }, '+33655555503')
      ).json<VisitBooked>();
      const moved = await citizen.postJson(
        `/api/visit/appointments/${manageToken}/move`,
        { start: at('2026-12-03T15:00:00') },
        { idempotencyKey: key() },
      );
      expect(moved.statusCode).toBe(201);
      const next = moved.json<VisitBooked>();
      expect((await citizen.get(`/api/visit/appointments/${next.manageToken}`)).json<AppointmentView>()).toMatchObject({
        status: 'booked',
        time: '15:00',
      });
      expect((await citizen.get(`/api/visit/appointments/${manageToken}`)).json<AppointmentView>().status).toBe('cancelled_by_citizen');
    });

    it('leads the first SMS link to the visit as it is now, after two moves', async () => {
      const first = (
        await book(citizen, { service: 'id_card', location: 'saint-junien', start: at('2026-12-04T09:00:00') }, '+33655555510')
      ).json<VisitBooked>();
      const move = async (from: string, start: string) => {
        const moved = await citizen.postJson(`/api/visit/appointments/${from}/move`, { start }, { idempotencyKey: key() });
        expect(moved.statusCode).toBe(201);
        return moved.json<VisitBooked>();
      };
      const second = await move(first.manageToken, at('2026-12-04T10:00:00'));
      const third = await move(second.manageToken, at('2026-12-04T15:30:00'));

      for (const old of [first.manageToken, second.manageToken]) {
        const short = await citizen.get(`/v/${old}`);
        expect(short.statusCode).toBe(303);
        expect(short.headers.location).toBe(`/visit/appointment/${third.manageToken}`);
        const view = (await citizen.get(`/api/visit/appointments/${old}`)).json<AppointmentView>();
        expect(view.movedTo).toEqual({
          manageToken: third.manageToken,
          day: '2026-12-04',
          time: '15:30',
          locationName: 'Mairie de Saint-Junien',
        });
        const page = await citizen.get(`/visit/appointment/${old}`);
        expect(page.body).toContain('Rendez-vous déplacé');
        expect(page.body).not.toContain('Rendez-vous annulé');
        expect(page.body).toContain(`href="/visit/appointment/${third.manageToken}"`);
      }
      const current = await citizen.get(`/v/${third.manageToken}`);
      expect(current.headers.location).toBe(`/visit/appointment/${third.manageToken}`);
      expect((await citizen.get(`/api/visit/appointments/${third.manageToken}`)).json<AppointmentView>()).toMatchObject({
        status: 'booked',
        time: '15:30',
      });
    });

    it('needs the explicit confirmation to cancel, through the API too', async () => {
      const { manageToken } = (
        await book(citizen, { service: 'id_card', location: 'saint-junien', start: at('2026-12-04T11:00:00') }, '+33655555511')
      ).json<VisitBooked>();
      const unconfirmed = await citizen.postJson(`/api/visit/appointments/${manageToken}/cancellation`, {}, { idempotencyKey: key() });
      expect(unconfirmed.statusCode).toBe(422);
      expect(unconfirmed.json()).toEqual({ error: 'validation', fields: { confirm: 'visit:errors.confirm_required' } });
      expect((await citizen.get(`/api/visit/appointments/${manageToken}`)).json<AppointmentView>().status).toBe('booked');
      const confirmed = await citizen.postJson(
        `/api/visit/appointments/${manageToken}/cancellation`,
        { confirm: 'yes' },
        { idempotencyKey: key() },
      );
      expect(confirmed.statusCode).toBe(200);
      expect((await citizen.get(`/api/visit/appointments/${manageToken}`)).json<AppointmentView>().status).toBe('cancelled_by_citizen');
    });

    it('says truthfully, on the pages and in their state, until when a visit can be changed online', async () => {
      // Booked at 07:00 for 10:30 the same day: inside the 4 hours, so never changeable online.
      const sameDay = { service: 'civil_status', location: 'limoges-hotel-de-ville', start: at('2026-11-30T10:30:00') };
      const details = await citizen.get(
        `/visit/details?service=${sameDay.service}&location=${sameDay.location}&day=2026-11-30&start=${encodeURIComponent(sameDay.start)}`,
      );
      expect(pageState(details.body).visit?.step?.slot).toMatchObject({ time: '10:30', changeable: false });
      expect(details.body).toContain('Ce rendez-vous est dans moins de 4 heures');
      const { manageToken } = (await book(citizen, sameDay, '+33655555512')).json<VisitBooked>();
      const page = await citizen.get(`/visit/appointment/${manageToken}`);
      const view = pageState(page.body).visit?.appointment;
      expect(view).toMatchObject({ status: 'booked', changeable: false, changeUntil: { day: '2026-11-30', time: '06:30' } });
      expect(page.body).toContain('Ce rendez-vous ne peut plus être annulé ni changé en ligne');
      expect(page.body).toContain('href="tel:+33555000000"');
      expect(page.body).not.toContain('Annuler ce rendez-vous');
      expect(page.body).not.toContain('Changer l’horaire');
      expect(notifier.sent.at(-1)).toMatchObject({ template: 'visit_confirmation', params: { changeable: false, changeUntilHours: 4 } });
      // The confirmation page asks nothing it cannot do.
      const question = await citizen.get(`/visit/appointment/${manageToken}/cancel`);
      expect(question.body).not.toContain('name="confirm"');

      // A visit days ahead: changeable until 4 hours before, said with the day and the time.
      const later = (
        await book(
          citizen,
          { service: 'civil_status', location: 'limoges-hotel-de-ville', start: at('2026-12-02T10:30:00') },
          '+33655555513',
        )
      ).json<VisitBooked>();
      const laterPage = await citizen.get(`/visit/appointment/${later.manageToken}`);
      expect(pageState(laterPage.body).visit?.appointment).toMatchObject({
        changeable: true,
        changeUntil: { day: '2026-12-02', time: '06:30' },
      });
      expect(laterPage.body).toContain('jusqu’au mercredi 2 décembre à 06:30');
      expect(notifier.sent.at(-1)).toMatchObject({ template: 'visit_confirmation', params: { changeable: true, changeUntilHours: 4 } });
    });

    it('lists what to bring for every seeded service, in every language, on the booking and manage pages', async () => {
      const services = await test.database.db.selectFrom('visit_service').select('id').execute();
      expect(services.length).toBeGreaterThan(0);
      for (const language of languages) {
        const strings = visitStrings[language] as { bring: Record<string, string> };
        for (const { id } of services) {
          const items = strings.bring[id]?.split('\n').filter((item) => item.trim() !== '') ?? [];
          expect(items.length, `${language} ${id}`).toBeGreaterThan(1);
        }
      }
      const start = at('2026-12-08T09:00:00');
      for (const { id } of services) {
        const place = id === 'passport' ? 'limoges-beaubreuil' : 'saint-junien';
        const first = (visitStrings.fr.bring as Record<string, string>)[id]?.split('\n')[0] ?? '';
        const details = await citizen.get(
          `/visit/details?service=${id}&location=${place}&day=2026-12-08&start=${encodeURIComponent(start)}`,
        );
        expect(details.body, id).toContain(escapeHtml(first));
        expect((await citizen.get(`/visit?service=${id}`)).body, id).toContain(escapeHtml(first));
      }
      const { manageToken } = (
        await book(citizen, { service: 'benefits', location: 'saint-junien', start }, '+33655555514')
      ).json<VisitBooked>();
      expect((await citizen.get(`/visit/appointment/${manageToken}`)).body).toContain('Documents à apporter');
    });

    it('gives a calendar file with CRLF lines, UTC times, a UID and a stamp', async () => {
      const { manageToken, reference } = (
        await book(citizen, { service: 'passport', location: 'limoges-beaubreuil', start: at('2026-12-02T14:00:00') }, '+33655555504')
      ).json<VisitBooked>();
      const response = await citizen.get(`/visit/appointment/${manageToken}/calendar.ics`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${reference}.ics"`);
      const lines = response.body.replace(/\r\n /g, '').split('\r\n');
      expect(lines).toContain('DTSTART:20261202T130000Z');
      expect(lines).toContain('DTEND:20261202T133000Z');
      expect(lines).toContain('DTSTAMP:20261130T060000Z');
      expect(lines.find((line) => line.startsWith('UID:'))).toMatch(/^UID:[0-9a-f-]{36}@localhost:8080$/);
      expect(lines).toContain('SUMMARY:Rendez-vous au guichet : Passeport');
      expect(lines).toContain('LOCATION:Mairie annexe de Beaubreuil\\, 7 place de Beaubreuil\\, 87280 Limoges');
    });
  });

  describe('reminders and cancellation by the service', () => {
    let secret = '';
    beforeAll(async () => {
      // The app's own: made once, kept in the database, the same for every instance.
      secret = await linkSigningSecret(test.database.db, undefined);
    });
    const context = (clock: () => Date): VisitContext => ({
      db: test.database.db,
      notifier,
      geocoder: demoPostcodeGeocoder(),
      rules: test.config.visit,
      publicUrl: test.config.publicUrl,
      links: { publicUrl: test.config.publicUrl, secret },
      sms: test.config.sms,
      clock,
    });
    const remindersTo = (phone: string) => notifier.sent.filter((sms) => sms.template === 'visit_reminder' && sms.phone === phone);

    it('sends each reminder once, 48 hours before, never for a cancelled visit', async () => {
      const start = at('2026-12-09T11:00:00'); // Wednesday 9 December, 11:00 in Paris
      const { manageToken } = (
        await book(citizen, { service: 'id_card', location: 'limoges-hotel-de-ville', start }, '+33677777701')
      ).json<VisitBooked>();
      const cancelledStart = at('2026-12-09T11:30:00');
      const cancelled = (
        await book(citizen, { service: 'id_card', location: 'limoges-hotel-de-ville', start: cancelledStart }, '+33677777702')
      ).json<VisitBooked>();
      await citizen.postJson(
        `/api/visit/appointments/${cancelled.manageToken}/cancellation`,
        { confirm: 'yes' },
        { idempotencyKey: key() },
      );

      let fake = new Date(new Date(start).getTime() - 48 * 3_600_000 - 60_000);
      const job = context(() => fake);
      await sendDueReminders(job);
      expect(remindersTo('+33677777701')).toHaveLength(0);

      fake = new Date(new Date(start).getTime() - 48 * 3_600_000);
      await sendDueReminders(job);
      expect(remindersTo('+33677777701')).toHaveLength(1);
      expect(remindersTo('+33677777701')[0]).toMatchObject({
        params: {
          time: '11:00',
          day: '2026-12-09',
          place: 'Mairie de Limoges, 9 place Léon-Betoulle, 87000 Limoges',
          link: `http://localhost:8080/v/${manageToken}`,
        },
      });

      fake = new Date(new Date(cancelledStart).getTime() - 3_600_000);
      await sendDueReminders(job);
      expect(remindersTo('+33677777701')).toHaveLength(1);
      expect(remindersTo('+33677777702')).toHaveLength(0);
    });

    it('sends the reminder as many hours before as configured (VISIT_REMINDER_HOURS)', async () => {
      const start = at('2026-12-16T10:00:00');
      await book(citizen, { service: 'id_card', location: 'limoges-hotel-de-ville', start }, '+33677777703');
      let fake = new Date(new Date(start).getTime() - 24 * 3_600_000 - 60_000);
      const job = { ...context(() => fake), rules: { ...test.config.visit, reminderHours: 24 } };
      await sendDueReminders(job);
      expect(remindersTo('+33677777703')).toHaveLength(0);
      fake = new Date(new Date(start).getTime() - 24 * 3_600_000 + 60_000);
      await sendDueReminders(job);
      expect(remindersTo('+33677777703')).toHaveLength(1);
    });

    it('cancels by the service with an SMS and frees the counter', async () => {
      const start = at('2026-12-10T09:00:00');
      const { reference, manageToken } = (
        await book(citizen, { service: 'civil_status', location: 'bellac', start: at('2026-12-11T09:00:00') }, '+33688888801')
      ).json<VisitBooked>();
      const row = await test.database.db
        .selectFrom('appointment')
        .select('id')
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      const job = context(() => new Date(start));
      expect(await test.database.db.transaction().execute((trx) => cancelByService({ ...job, db: trx }, trx, row.id))).toBe(true);
      expect(notifier.sent.at(-1)).toMatchObject({ template: 'visit_cancelled_by_service', phone: '+33688888801', params: { reference } });
      expect((await citizen.get(`/api/visit/appointments/${manageToken}`)).json<AppointmentView>().status).toBe('cancelled_by_service');
      expect(
        await test.database.db.selectFrom('appointment_hold').select('starts_at').where('appointment_id', '=', row.id).execute(),
      ).toEqual([]);
    });
  });

  describe('without JavaScript', () => {
    it('books with form posts: details, code, then the confirmation page', async () => {
      const start = at('2026-12-07T09:00:00');
      const details = await citizen.postForm('/visit/details', {
        service: 'id_card',
        location: 'saint-junien',
        start,
        phone: '06 99 99 99 01',
        name: 'Lucie Bernard',
        _idempotency_key: 'form-visit-details-000001',
      });
      expect(details.statusCode).toBe(303);
      const verifyUrl = String(details.headers.location);
      expect(verifyUrl).toMatch(/^\/visit\/verify\/[A-Za-z0-9_-]{43}$/);
      const page = await citizen.get(verifyUrl);
      expect(page.statusCode).toBe(200);
      const wrong = await citizen.postForm(verifyUrl, { code: '12' });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.body).toContain('Le code est fait de 6 chiffres');
      const confirmed = await citizen.postForm(verifyUrl, { code: lastCode('+33699999901'), _idempotency_key: 'form-visit-code-00000001' });
      expect(confirmed.statusCode).toBe(303);
      const manageUrl = String(confirmed.headers.location);
      expect(manageUrl).toMatch(/^\/visit\/appointment\/[A-Za-z0-9_-]{32}$/);
      // A double tap replays the first answer instead of failing.
      const again = await citizen.postForm(verifyUrl, { code: lastCode('+33699999901'), _idempotency_key: 'form-visit-code-00000001' });
      expect(again.headers.location).toBe(manageUrl);

      // Cancelling asks first: the page's button posts the confirmation, and nothing else cancels.
      const question = await citizen.get(`${manageUrl}/cancel`);
      expect(question.statusCode).toBe(200);
      expect(question.body).toContain('Annuler ce rendez-vous ?');
      expect(question.body).toMatch(/<input type="hidden" name="confirm" value="yes"\/?>/);
      const unconfirmed = await citizen.postForm(`${manageUrl}/cancel`, {});
      expect(unconfirmed.statusCode).toBe(303);
      expect(unconfirmed.headers.location).toBe(`${manageUrl}/cancel`);
      const status = async () =>
        (await citizen.get(`/api/visit/appointments/${manageUrl.split('/').pop()}`)).json<AppointmentView>().status;
      expect(await status()).toBe('booked');
      const cancel = await citizen.postForm(`${manageUrl}/cancel`, { confirm: 'yes' });
      expect(cancel.statusCode).toBe(303);
      expect(cancel.headers.location).toBe(manageUrl);
      expect(await status()).toBe('cancelled_by_citizen');
      // And the page then offers to book again, for the same service and place.
      const after = await citizen.get(manageUrl);
      expect(after.body).toContain('Prendre un autre rendez-vous');
      expect(after.body).toContain('href="/visit?service=id_card&amp;location=saint-junien"');
    });

    it('sends the details page back with the errors and what was typed', async () => {
      const response = await citizen.postForm('/visit/details', {
        service: 'id_card',
        location: 'saint-junien',
        start: at('2026-12-07T09:30:00'),
        phone: '06 12',
        name: '',
      });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('value="06 12"');
    });

    it('takes the citizen back to the times when the slot went meanwhile', async () => {
      const start = at('2026-12-07T10:00:00');
      await book(citizen, { service: 'benefits', location: 'bellac', start: at('2026-12-07T09:45:00') }, '+33699999902');
      const response = await citizen.postForm('/visit/details', {
        service: 'civil_status',
        location: 'bellac',
        start,
        phone: '06 99 99 99 03',
        name: 'Paul',
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(
        `/visit?service=civil_status&location=bellac&start=${encodeURIComponent(start)}&day=2026-12-07`,
      );
    });
  });
});

describe('counter-visit SMS through the notifications outbox', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp('pglite', {}, { clock: () => monday });
    await seedDemoData(test.database.db);
  });
  afterAll(() => test.close());

  it('queues the code and the confirmation, in the citizen’s language, with the short manage link', async () => {
    const citizen = await visitor(test.app, { language: 'en' });
    const started = await citizen.postJson(
      '/api/visit/verifications',
      { service: 'civil_status', location: 'bellac', start: at('2026-12-02T09:00:00'), phone: '06 21 21 21 21', name: 'Sam' },
      { idempotencyKey: 'queue-test-key-00000001' },
    );
    expect(started.statusCode).toBe(201);
    const queued = () =>
      test.database.db.selectFrom('notification').select(['template', 'recipient', 'language', 'params']).orderBy('created_at').execute();
    const [codeMessage] = await queued();
    expect(codeMessage).toMatchObject({ template: 'phone_verification_code', recipient: '+33621212121', language: 'en' });
    const code = (codeMessage?.params as { code: string }).code;
    const { verification } = started.json<VisitVerificationCreated>();
    const booked = await citizen.postJson(
      `/api/visit/verifications/${verification}/booking`,
      { code },
      { idempotencyKey: 'queue-test-key-00000002' },
    );
    expect(booked.statusCode).toBe(201);
    const { manageToken, reference } = booked.json<VisitBooked>();
    const confirmation = (await queued()).at(-1);
    expect(confirmation).toMatchObject({
      template: 'visit_confirmation',
      params: { reference, date: '2026-12-02', time: '09:00', link: `http://localhost:8080/v/${manageToken}` },
    });
    const short = await citizen.get(`/v/${manageToken}`);
    expect(short.statusCode).toBe(303);
    expect(short.headers.location).toBe(`/visit/appointment/${manageToken}`);
    expect(renderNotification('sms', 'visit_confirmation', 'en', confirmation?.params as never).text).toContain(
      `What to bring, cancel or change (up to 4 h before): http://localhost:8080/v/${manageToken}`,
    );
  });

  it('texts a visit booked inside the change window whom to call, never an online cancellation', async () => {
    const citizen = await visitor(test.app);
    // 07:00 on Monday, for 10:30 the same day: less than VISIT_CHANGE_UNTIL_HOURS (4) ahead.
    const started = await citizen.postJson(
      '/api/visit/verifications',
      {
        service: 'civil_status',
        location: 'limoges-hotel-de-ville',
        start: at('2026-11-30T10:30:00'),
        phone: '06 21 21 21 22',
        name: 'Sam',
      },
      { idempotencyKey: 'queue-test-key-00000003' },
    );
    const queued = () =>
      test.database.db
        .selectFrom('notification')
        .select(['template', 'params'])
        .where('recipient', '=', '+33621212122')
        .orderBy('created_at')
        .execute();
    const code = ((await queued()).at(-1)?.params as { code: string }).code;
    const { verification } = started.json<VisitVerificationCreated>();
    const booked = await citizen.postJson(
      `/api/visit/verifications/${verification}/booking`,
      { code },
      { idempotencyKey: 'queue-test-key-00000004' },
    );
    expect(booked.statusCode).toBe(201);
    const confirmation = (await queued()).at(-1);
    expect(confirmation?.template).toBe('visit_confirmation_fixed');
    const text = renderNotification('sms', 'visit_confirmation_fixed', 'fr', confirmation?.params as never).text;
    expect(text).toContain('le lundi 30 novembre à 10:30');
    expect(text).toContain('Pour annuler ou changer, appelez le 05 55 00 00 00.');
    expect(text).not.toMatch(/Annuler ou changer :|jusqu'à/);
  });
});

describe('booking when signed in', () => {
  let test: TestApp;
  const notifier = memoryVisitNotifier();
  beforeAll(async () => {
    test = await createTestApp('pglite', {}, { clock: () => monday, visitNotifier: notifier });
    await seedDemoData(test.database.db);
  });
  afterAll(() => test.close());

  it('is one step with a verified number, and the visit is the person’s', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'marie-dupont');
    // As if Marie had confirmed her number with a code on her account page.
    await test.database.db.updateTable('person_phone').set({ verified_at: monday }).where('phone', '=', '+33612345678').execute();
    const details = await citizen.get(
      `/api/visit/step?service=civil_status&location=bellac&day=2026-12-02&start=${encodeURIComponent(at('2026-12-02T09:00:00'))}`,
    );
    expect(details.json<VisitStepData>()).toMatchObject({ step: 'details', verifiedPhone: '+33612345678' });

    const response = await citizen.postForm('/visit/details', {
      service: 'civil_status',
      location: 'bellac',
      start: at('2026-12-02T09:00:00'),
      phone: '06 12 34 56 78',
      name: 'Marie Dupont',
    });
    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/^\/visit\/appointment\/[A-Za-z0-9_-]{32}$/);
    expect(notifier.sent.map((sms) => sms.template)).toEqual(['visit_confirmation']);
    const row = await test.database.db.selectFrom('appointment').select(['person_id', 'phone']).executeTakeFirstOrThrow();
    const person = await test.database.db
      .selectFrom('person_phone')
      .select('person_id')
      .where('phone', '=', '+33612345678')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ person_id: person.person_id, phone: '+33612345678' });

    // Her visits, kept by the device for offline reading; nobody else's list shows it.
    const mine = await citizen.get('/api/visit/mine');
    expect(mine.headers[offlineHeader.toLowerCase()]).toBe(offlineKeep);
    expect(mine.headers['cache-control']).toBe('private, no-cache');
    expect(mine.json<MyVisitView[]>()).toEqual([
      expect.objectContaining({
        status: 'booked',
        serviceId: 'civil_status',
        locationName: 'France services de Bellac',
        day: '2026-12-02',
        time: '09:00',
      }),
    ]);
    const manageToken = mine.json<MyVisitView[]>()[0]?.manageToken ?? '';
    expect(String(response.headers.location)).toBe(`/visit/appointment/${manageToken}`);
    const someoneElse = await visitor(test.app);
    await signInAs(someoneElse, 'jean-martin');
    expect((await someoneElse.get('/api/visit/mine')).json()).toEqual([]);
    expect((await (await visitor(test.app)).get('/api/visit/mine')).statusCode).toBe(401);
  });

  it('still sends a code for another number', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'marie-dupont');
    const response = await citizen.postJson(
      '/api/visit/verifications',
      { service: 'civil_status', location: 'bellac', start: at('2026-12-02T09:30:00'), phone: '07 00 00 00 01', name: 'Marie Dupont' },
      { idempotencyKey: 'signed-in-other-phone-01' },
    );
    expect(response.statusCode).toBe(201);
    expect(response.json<VisitVerificationCreated>().verification).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(notifier.sent.at(-1)?.template).toBe('visit_code');
    const code = notifier.sent.findLast((sms): sms is Extract<VisitSms, { template: 'visit_code' }> => sms.template === 'visit_code')
      ?.params.code;
    const booked = await citizen.postJson(
      `/api/visit/verifications/${response.json<VisitVerificationCreated>().verification}/booking`,
      { code },
      { idempotencyKey: 'signed-in-other-phone-02' },
    );
    expect(booked.statusCode).toBe(201);
    // Booked while signed in, with a number proved by the code: the visit is hers too.
    expect((await citizen.get('/api/visit/mine')).json<MyVisitView[]>().map((visit) => visit.time)).toEqual(['09:30', '09:00']);
  });

  it('lists a moved visit once, as the visit it became (never as "cancelled by you")', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'marie-dupont');
    const manageToken = (await citizen.get('/api/visit/mine')).json<MyVisitView[]>()[0]?.manageToken ?? '';
    const moved = await citizen.postJson(
      `/api/visit/appointments/${manageToken}/move`,
      { start: at('2026-12-02T11:00:00') },
      { idempotencyKey: 'mine-move-key-00000001' },
    );
    expect(moved.statusCode).toBe(201);
    const mine = (await citizen.get('/api/visit/mine')).json<MyVisitView[]>();
    expect(mine.map((visit) => [visit.time, visit.status])).toEqual([
      ['11:00', 'booked'],
      ['09:00', 'booked'],
    ]);
    expect(mine[0]?.manageToken).toBe(moved.json<VisitBooked>().manageToken);
  });
});

describe.each(databaseKinds)('counter-visit SMS codes: limits and replays, on %s', (kind) => {
  let test: TestApp;
  const notifier = memoryVisitNotifier();
  let keyCounter = 0;
  const key = () => `visit-limits-key-${String((keyCounter += 1)).padStart(8, '0')}`;
  const details = (phone: string, start = at('2026-12-02T09:00:00')) => ({
    service: 'civil_status',
    location: 'bellac',
    start,
    phone,
    name: 'Zoé',
  });

  beforeAll(async () => {
    test = await createTestApp(kind, { SMS_MAX_PER_NUMBER: '3' }, { visitNotifier: notifier, clock: () => monday });
    await seedDemoData(test.database.db);
  });
  afterAll(() => test.close());

  const codesTo = (phone: string) =>
    notifier.sent.filter(
      (sms): sms is Extract<VisitSms, { template: 'visit_code' }> => sms.template === 'visit_code' && sms.phone === phone,
    );

  it('sends one number no more codes than the limit, whoever asks; the form keeps what was typed', async () => {
    const phone = '+33611000001';
    const statuses = [];
    for (let asked = 0; asked < 3; asked += 1) {
      const someone = await visitor(test.app);
      statuses.push((await someone.postJson('/api/visit/verifications', details(phone), { idempotencyKey: key() })).statusCode);
    }
    expect(statuses).toEqual([201, 201, 201]);
    const fourth = await (await visitor(test.app)).postJson('/api/visit/verifications', details(phone), { idempotencyKey: key() });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toEqual({ error: 'code_throttled', fields: { phone: 'common:one_time_code.code_throttled' } });
    const page = await (await visitor(test.app)).postForm('/visit/details', { ...details('06 11 00 00 01'), _idempotency_key: key() });
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain('Trop de SMS ont été demandés pour ce numéro');
    expect(page.body).toContain('value="06 11 00 00 01"');
    expect(page.body).toContain('value="Zoé"');
    expect(codesTo(phone)).toHaveLength(3);
  });

  it('refuses a premium or foreign number with a translated 422, sending nothing and keeping the answers', async () => {
    const citizen = await visitor(test.app);
    const before = notifier.sent.length;
    const api = await citizen.postJson('/api/visit/verifications', details('+882 13 21 23 45'), { idempotencyKey: key() });
    expect(api.statusCode).toBe(422);
    expect(api.json()).toEqual({ error: 'validation', fields: { phone: 'common:one_time_code.phone_country_not_allowed' } });
    const page = await citizen.postForm('/visit/details', { ...details('+44 7700 900123'), _idempotency_key: key() });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('Nous ne pouvons pas envoyer de SMS à ce numéro');
    expect(page.body).toContain('value="+44 7700 900123"');
    expect(page.body).toContain('value="Zoé"');
    expect(notifier.sent.length).toBe(before);
    expect(
      await test.database.db.selectFrom('visit_phone_verification').select('id_hash').where('phone', 'like', '+88%').execute(),
    ).toEqual([]);
    // An overseas number is French: Réunion, typed as at home.
    const reunion = await citizen.postJson('/api/visit/verifications', details('0692 12 34 56'), { idempotencyKey: key() });
    expect(reunion.statusCode).toBe(201);
  });

  it('answers 20 identical confirmations sent at once with one key alike: one booking, and one try counted', async () => {
    const citizen = await visitor(test.app);
    const phone = '+33611000002';
    const slot = details(phone, at('2026-12-02T09:30:00'));
    const started = await citizen.postJson('/api/visit/verifications', slot, { idempotencyKey: key() });
    expect(started.statusCode).toBe(201);
    const { verification } = started.json<VisitVerificationCreated>();
    const code = codesTo(phone).at(-1)?.params.code;
    const once = key();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        citizen.postJson(`/api/visit/verifications/${verification}/booking`, { code }, { idempotencyKey: once }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array<number>(20).fill(201));
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    const booked = await test.database.db
      .selectFrom('appointment')
      .select('reference')
      .where('phone', '=', phone)
      .where('status', '=', 'booked')
      .execute();
    expect(booked).toEqual([{ reference: answers[0]?.json<VisitBooked>().reference }]);
    const codeRow = await test.database.db
      .selectFrom('one_time_code')
      .select(['attempts', 'used_at'])
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(codeRow.attempts).toBe(1);
    expect(codeRow.used_at).not.toBeNull();

    // Later replays of the same request, one by one, replay too and count nothing.
    const replay = await citizen.postJson(`/api/visit/verifications/${verification}/booking`, { code }, { idempotencyKey: once });
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toBe(answers[0]?.body);
    const after = await test.database.db
      .selectFrom('one_time_code')
      .select('attempts')
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(after.attempts).toBe(1);
  });
});
