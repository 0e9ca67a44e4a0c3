import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { memoryVisitNotifier } from '../support/memory-visit-notifier.ts';
import type { VisitSms } from '../../src/server/visit/visit-notifier.ts';
import type { VisitBooked, VisitStepData, VisitVerificationCreated } from '../../src/shared/visit.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor } from '../support/visitor.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { accessibilityViolations } from './axe.ts';
import { VisitBookingPage } from './pages/visit-booking.page.ts';

// Sunday 29 November 2026, noon in Paris: the first times offered (Monday) are far enough ahead
// to be cancelled online, whatever the day the tests run.
const sunday = new Date('2026-11-29T11:00:00Z');

// Keyboard journeys press Tab a few hundred times: on a busy 2-core machine that can pass a minute.
const journeyTimeout = 180_000;

describe.skipIf(!browserAvailable)('Book a counter visit, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };
  const notifier = memoryVisitNotifier();

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchBrowser(),
      startTestServer('pglite', {}, { visitNotifier: notifier, clock: () => sunday }),
    ]);
    await seedDemoData(server.database.db);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const lastCode = (phone: string): string => {
    const sms = notifier.sent.findLast(
      (message): message is Extract<VisitSms, { template: 'visit_code' }> => message.template === 'visit_code' && message.phone === phone,
    );
    if (!sms) throw new Error(`No code sent to ${phone}`);
    return sms.params.code;
  };

  /** Each screen of the journey through axe, collected so one assertion lists every problem. */
  const violations: string[] = [];
  const audit = async (visit: VisitBookingPage, screen: string) => {
    for (const violation of await visit.accessibilityViolations()) violations.push(`${screen} → ${violation}`);
  };

  /** From the service list to the confirmation page, keyboard only. */
  async function book(
    page: Page,
    visit: VisitBookingPage,
    phone: string,
    options: { audit?: boolean; postcode?: string; serviceChosen?: boolean; locationChosen?: boolean } = {},
  ) {
    if (!options.serviceChosen) {
      await visit.verifyOnPage('Pour quelle démarche ?');
      if (options.audit) await audit(visit, 'service');
      await visit.follow(page.locator('a.choice', { hasText: 'Carte d’identité' }));
    }

    if (!options.locationChosen) {
      await visit.verifyOnPage('Dans quel lieu ?');
      if (options.postcode) {
        await visit.type('#visit-postcode', options.postcode);
        await page.keyboard.press('Enter');
        await page.locator('p[role=status]', { hasText: 'du plus proche' }).waitFor();
        expect(await page.locator('.location__name').allTextContents()).toEqual([
          'Mairie de Saint-Junien',
          'Mairie de Limoges',
          'Mairie annexe de Beaubreuil',
        ]);
      }
      if (options.audit) await audit(visit, 'location');
      await visit.follow('.location__name a');
    }

    await visit.verifyOnPage('Quel jour ?');
    if (options.audit) await audit(visit, 'day');
    await visit.follow('.day-list a.choice');

    await visit.verifyOnPage('À quelle heure ?');
    if (options.audit) await audit(visit, 'time');
    await visit.follow('.time-list a.choice');

    await visit.verifyOnPage('Vos coordonnées');
    await visit.submit('visit-details');
    await page.locator('.error-summary').waitFor();
    if (options.audit) await audit(visit, 'details with errors');
    await visit.type('#visit-details-phone', phone);
    await visit.type('#visit-details-name', 'Camille Martin');
    await visit.submit('visit-details');

    await visit.verifyOnPage('Saisissez le code reçu par SMS');
    if (options.audit) await audit(visit, 'code');
    await visit.type('#visit-code-code', lastCode(`+33${phone.replace(/\s/g, '').slice(1)}`));
    await visit.submit('visit-code');

    await visit.verifyOnPage('Rendez-vous confirmé');
    if (options.audit) await audit(visit, 'confirmation');
    return (await page.locator('.panel__reference').textContent()) ?? '';
  }

  /** From a visit's page: the cancel link, the question (keeping is a link back), then the explicit confirmation. */
  async function cancelWithConfirmation(page: Page, visit: VisitBookingPage, options: { audit?: boolean } = {}) {
    await page.locator('#visit-change-rules', { hasText: 'Vous pouvez annuler ou changer l’horaire en ligne jusqu’au' }).waitFor();
    await visit.follow(page.locator('a', { hasText: 'Annuler ce rendez-vous' }));
    await visit.verifyOnPage('Annuler ce rendez-vous ?');
    if (options.audit) await audit(visit, 'cancel question');
    // "Keep it" cancels nothing and goes back to the visit.
    await visit.follow(page.locator('a', { hasText: 'Non, garder ce rendez-vous' }));
    await visit.verifyOnPage('Rendez-vous confirmé');
    await visit.follow(page.locator('a', { hasText: 'Annuler ce rendez-vous' }));
    await visit.verifyOnPage('Annuler ce rendez-vous ?');
    await visit.submit('visit-cancel');
    await visit.verifyOnPage('Rendez-vous annulé');
    await page.locator('a.button', { hasText: 'Prendre un autre rendez-vous' }).waitFor();
  }

  it(
    'without JavaScript: every step is a server page, the booking a form post, then cancel',
    async () => {
      const page = await openPage(browser, { javaScriptEnabled: false });
      const visit = new VisitBookingPage(page);
      await page.goto(`${server.url}/visit`);
      const reference = await book(page, visit, '06 10 00 00 01', { postcode: '87200' });
      expect(reference).toMatch(/^RDV-/);
      expect(await page.locator('a[href$="/calendar.ics"]').count()).toBe(1);
      expect(await page.locator('a[href^="https://www.openstreetmap.org/directions"]').count()).toBe(1);

      await cancelWithConfirmation(page, visit);
      const row = await server.database.db
        .selectFrom('appointment')
        .select('status')
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('cancelled_by_citizen');
    },
    journeyTimeout,
  );

  it(
    'keyboard only, with JavaScript: book, cancel, book again; axe finds nothing on any screen',
    async () => {
      const page = await openPage(browser);
      const visit = new VisitBookingPage(page);
      await page.goto(`${server.url}/`);
      await visit.follow('.help-bar a[href="/visit"]');
      const first = await book(page, visit, '06 10 00 00 02', { audit: true, postcode: '87200' });

      await cancelWithConfirmation(page, visit, { audit: true });
      await audit(visit, 'cancelled');
      expect(
        (await server.database.db.selectFrom('appointment').select('status').where('reference', '=', first).executeTakeFirstOrThrow())
          .status,
      ).toBe('cancelled_by_citizen');

      await visit.follow(page.locator('a.button', { hasText: 'Prendre un autre rendez-vous' }));
      // Booking again keeps the service and the place: it starts at the day.
      const second = await book(page, visit, '06 10 00 00 02', { serviceChosen: true, locationChosen: true });
      expect(second).not.toBe(first);
      expect(page.errors).toEqual([]);
      expect(violations).toEqual([]);
    },
    journeyTimeout,
  );

  /**
   * axe cannot run in a page whose JavaScript is off (nothing evaluates there): the same address
   * opens in a page of its own with every script refused, which the server renders the same way.
   */
  async function violationsWithoutScripts(url: string): Promise<string[]> {
    const page = await openPage(browser);
    await page.route(/\.m?js(\?.*)?$/, (route) => route.abort());
    await page.goto(url);
    const found = await accessibilityViolations(page);
    await page.context().close();
    return found;
  }

  /** A visit booked through the API, as a fixture for the manage link's journeys. */
  async function bookThroughApi(phone: string, keyPrefix: string) {
    const citizen = await visitor(server.app);
    const days = (await citizen.get('/api/visit/step?service=passport&location=limoges-hotel-de-ville')).json<VisitStepData>();
    const day = days.days.find((entry) => entry.freeSlots > 2)?.day ?? '';
    const times = (await citizen.get(`/api/visit/step?service=passport&location=limoges-hotel-de-ville&day=${day}`)).json<VisitStepData>();
    const started = await citizen.postJson(
      '/api/visit/verifications',
      { service: 'passport', location: 'limoges-hotel-de-ville', start: times.times[0]?.startsAt, phone, name: 'Inès Roy' },
      { idempotencyKey: `${keyPrefix}-00000001` },
    );
    const { verification } = started.json<VisitVerificationCreated>();
    const booked = await citizen.postJson(
      `/api/visit/verifications/${verification}/booking`,
      { code: lastCode(phone) },
      { idempotencyKey: `${keyPrefix}-00000002` },
    );
    return booked.json<VisitBooked>();
  }

  /** On the move step: the second (then the next) free time, chosen and sent with the keyboard. */
  async function moveByKeyboard(page: Page, visit: VisitBookingPage, check?: (screen: string) => Promise<void>) {
    await visit.follow(page.locator('a', { hasText: 'Changer l’horaire' }));
    await visit.verifyOnPage('Quel jour ?');
    await visit.follow('.day-list a.choice');
    await visit.verifyOnPage('Choisir un nouvel horaire');
    await page.locator('#visit-move-start').waitFor();
    await check?.('move');
    await visit.tabTo('#visit-move-start');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await visit.submit('visit-move');
    await visit.verifyOnPage('Rendez-vous confirmé');
    return (await page.locator('.panel__reference').textContent()) ?? '';
  }

  it.each([
    { javaScript: true, phone: '+33610000003' },
    { javaScript: false, phone: '+33610000004' },
  ])(
    'keyboard only, JavaScript $javaScript: moves a visit twice, the first SMS link leads to the new one, then cancels; axe finds nothing',
    async ({ javaScript, phone }) => {
      const { manageToken, reference } = await bookThroughApi(phone, `move-e2e-${javaScript ? 'js' : 'html'}`);
      const page = await openPage(browser, { javaScriptEnabled: javaScript });
      const visit = new VisitBookingPage(page);
      const found: string[] = [];
      const check = async (screen: string) => {
        for (const violation of await (javaScript ? visit.accessibilityViolations() : violationsWithoutScripts(page.url())))
          found.push(`${screen} → ${violation}`);
      };
      await page.goto(`${server.url}/v/${manageToken}`);
      await visit.verifyOnPage('Rendez-vous confirmé');
      await check('booked');
      if (javaScript) await page.waitForLoadState('networkidle');
      const once = await moveByKeyboard(page, visit, check);
      const twice = await moveByKeyboard(page, visit);
      expect(new Set([reference, once, twice]).size).toBe(3);
      const old = await server.database.db
        .selectFrom('appointment')
        .select('status')
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      expect(old.status).toBe('cancelled_by_citizen');

      // The link in the first SMS: straight to the visit as it is now.
      await page.goto(`${server.url}/v/${manageToken}`);
      await visit.verifyOnPage('Rendez-vous confirmé');
      expect(await page.locator('.panel__reference').textContent()).toBe(twice);
      // The first visit's own page says where it went, with the link.
      await page.goto(`${server.url}/visit/appointment/${manageToken}`);
      await visit.verifyOnPage('Rendez-vous déplacé');
      expect(await page.locator('main').textContent()).toContain('Ce rendez-vous a été déplacé au');
      await check('moved');
      await visit.follow(page.locator('a', { hasText: 'Voir mon rendez-vous actuel' }));
      await visit.verifyOnPage('Rendez-vous confirmé');
      expect(await page.locator('.panel__reference').textContent()).toBe(twice);
      await check('current');

      if (javaScript) await page.waitForLoadState('networkidle');
      await visit.follow(page.locator('a', { hasText: 'Annuler ce rendez-vous' }));
      await visit.verifyOnPage('Annuler ce rendez-vous ?');
      await check('cancel question');
      await visit.submit('visit-cancel');
      await visit.verifyOnPage('Rendez-vous annulé');
      await check('cancelled');
      expect(
        (await server.database.db.selectFrom('appointment').select('status').where('reference', '=', twice).executeTakeFirstOrThrow())
          .status,
      ).toBe('cancelled_by_citizen');
      await visit.follow(page.locator('a.button', { hasText: 'Prendre un autre rendez-vous' }));
      await visit.verifyOnPage('Quel jour ?');
      expect(found).toEqual([]);
      expect(page.errors).toEqual([]);
    },
    journeyTimeout,
  );

  it('the chosen service lists what to bring before booking; axe finds nothing', async () => {
    const page = await openPage(browser);
    const visit = new VisitBookingPage(page);
    await page.goto(`${server.url}/visit?service=civil_status&location=limoges-hotel-de-ville&day=2026-11-30`);
    await visit.verifyOnPage('À quelle heure ?');
    await visit.follow('.time-list a.choice');
    await visit.verifyOnPage('Vos coordonnées');
    // Sunday noon: Monday's first time is more than 4 hours ahead, so nothing warns it is fixed.
    expect(await page.locator('#visit-fixed-warning').count()).toBe(0);
    expect(await page.locator('.what-to-bring h2').textContent()).toBe('Documents à apporter');
    expect(await page.locator('.what-to-bring li').first().textContent()).toBe('Une pièce d’identité');
    expect(await visit.accessibilityViolations()).toEqual([]);
    expect(page.errors).toEqual([]);
  });

  it('signed in: the citizen’s visits are listed on the visit page, each opening its booking; axe finds nothing', async () => {
    const citizen = await visitor(server.app);
    await signInAs(citizen, 'marie-dupont');
    await server.database.db.updateTable('person_phone').set({ verified_at: sunday }).where('phone', '=', '+33612345678').execute();
    const days = (await citizen.get('/api/visit/step?service=civil_status&location=bellac')).json<VisitStepData>();
    const day = days.days.find((entry) => entry.freeSlots > 0)?.day ?? '';
    const times = (await citizen.get(`/api/visit/step?service=civil_status&location=bellac&day=${day}`)).json<VisitStepData>();
    const booked = await citizen.postJson(
      '/api/visit/verifications',
      { service: 'civil_status', location: 'bellac', start: times.times[0]?.startsAt, phone: '06 12 34 56 78', name: 'Marie Dupont' },
      { idempotencyKey: 'mine-e2e-key-00000001' },
    );
    const { reference } = booked.json<{ booked: VisitBooked }>().booked;

    const page = await openPage(browser);
    await page.context().addCookies(
      Object.entries(citizen.cookies)
        .filter(([name]) => name === 'session')
        .map(([name, value]) => ({ name, value, url: server.url })),
    );
    const visit = new VisitBookingPage(page);
    await page.goto(`${server.url}/visit`);
    const mine = page.locator('section.visit-mine');
    await mine.locator('h2', { hasText: 'Vos rendez-vous au guichet' }).waitFor();
    expect(await mine.locator('li').count()).toBe(1);
    expect(await mine.locator('li').textContent()).toContain('Confirmé');
    expect(await visit.accessibilityViolations()).toEqual([]);
    await visit.follow(mine.locator('a'));
    await visit.verifyOnPage('Rendez-vous confirmé');
    expect(await page.locator('.panel__reference').textContent()).toBe(reference);
    expect(page.errors).toEqual([]);
  });

  it('shows a week of days on a phone, and every day on a wide screen', async () => {
    const phone = await openPage(browser);
    await phone.goto(`${server.url}/visit?service=id_card&location=limoges-hotel-de-ville`);
    expect(await phone.locator('.day-list > li:visible').count()).toBe(7);
    expect(await phone.locator('.day-list__more a').isVisible()).toBe(true);
    const wide = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    await wide.goto(`${server.url}/visit?service=id_card&location=limoges-hotel-de-ville`);
    expect(await wide.locator('.day-list > li:visible').count()).toBeGreaterThan(7);
    expect(await wide.locator('.day-list__more a').isVisible()).toBe(false);
  });
});
