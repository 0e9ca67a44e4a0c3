import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { VisitBooked, VisitVerificationCreated } from '../../src/shared/visit.ts';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { memoryVisitNotifier } from '../support/memory-visit-notifier.ts';
import type { VisitSms } from '../../src/server/visit/visit-notifier.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor } from '../support/visitor.ts';
import { VisitBookingPage } from './pages/visit-booking.page.ts';

// Monday 30 November 2026, 07:00 in Paris: a working day with the counters about to open.
const monday = new Date('2026-11-30T06:00:00Z');

// Keyboard journeys press Tab a few hundred times: on a busy 2-core machine that can pass a minute.
const journeyTimeout = 180_000;

describe.skipIf(!browserAvailable)('The counter agenda, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };
  const notifier = memoryVisitNotifier();

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchBrowser(),
      startTestServer('pglite', {}, { visitNotifier: notifier, clock: () => monday }),
    ]);
    await seedDemoData(server.database.db);
    const citizen = await visitor(server.app);
    const started = await citizen.postJson(
      '/api/visit/verifications',
      {
        service: 'passport',
        location: 'limoges-hotel-de-ville',
        start: '2026-11-30T08:00:00.000Z',
        phone: '+33600000011',
        name: 'Léa Martin',
      },
      { idempotencyKey: 'agenda-e2e-key-000001' },
    );
    const { verification } = started.json<VisitVerificationCreated>();
    const code = notifier.sent.findLast((sms): sms is Extract<VisitSms, { template: 'visit_code' }> => sms.template === 'visit_code')
      ?.params.code;
    const booked = await citizen.postJson(
      `/api/visit/verifications/${verification}/booking`,
      { code },
      { idempotencyKey: 'agenda-e2e-key-000002' },
    );
    expect(booked.json<VisitBooked>().reference).toMatch(/^RDV-/);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'keyboard only: a counter agent checks a citizen in, mark them seen, register a walk-in; axe finds nothing',
    async () => {
      // Signed in the way the browser would be (the sign-in journey has its own specs): the session
      // cookie of an agent who went through the development provider.
      const agent = await visitor(server.app);
      await signInAs(agent, 'karim-haddad', { basePath: '/agent/auth' });
      const page = await openPage(browser);
      await page.context().addCookies(
        Object.entries(agent.cookies)
          .filter(([name]) => name === 'session')
          .map(([name, value]) => ({ name, value, url: server.url })),
      );
      const agenda = new VisitBookingPage(page);
      // From the agent's home, where a counter agent finds their agenda.
      await page.goto(`${server.url}/agent`);
      await agenda.follow(page.locator('a', { hasText: 'Ouvrir l’agenda du guichet d’aujourd’hui' }));
      await page.waitForLoadState('networkidle');
      await agenda.verifyOnPage('Agenda du guichet');
      expect(await page.locator('.lead').textContent()).toBe('Mairie de Limoges, lundi 30 novembre');
      expect(await agenda.accessibilityViolations()).toEqual([]);

      const entry = page.locator('.agenda-entry', { hasText: 'Léa Martin' });
      await agenda.follow(entry.locator('button', { hasText: 'Arrivé' }));
      await page.waitForURL(/done=checked_in/);
      await page.waitForLoadState('networkidle');
      await page.locator('.notice', { hasText: 'Arrivée enregistrée.' }).waitFor();
      expect(await entry.locator('.agenda-entry__status').textContent()).toBe('Attendu · arrivé, en salle d’attente');
      await agenda.follow(entry.locator('button', { hasText: 'Reçu' }));
      await page.waitForURL(/done=seen/);
      await page.waitForLoadState('networkidle');
      await page.locator('.notice', { hasText: 'Rendez-vous marqué comme reçu.' }).waitFor();
      expect(await entry.locator('.agenda-entry__status').textContent()).toBe('Reçu');
      expect(await agenda.accessibilityViolations()).toEqual([]);

      await agenda.submit('walk-in');
      await page.locator('.error-summary').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await agenda.accessibilityViolations()).toEqual([]);
      await agenda.tabTo('#walk-in-service');
      await page.keyboard.press('Space');
      await agenda.type('#walk-in-name', 'Omar Diallo');
      await agenda.submit('walk-in');
      await page.waitForURL(/done=walk_in/);
      await page.waitForLoadState('networkidle');
      await page.locator('.notice', { hasText: 'Personne sans rendez-vous enregistrée.' }).waitFor();
      const walkIn = page.locator('.agenda-entry', { hasText: 'Omar Diallo' });
      expect(await walkIn.locator('.agenda-entry__summary').textContent()).toContain('sans rendez-vous');
      // The refused walk-in form is a page answered with 422 on purpose; Chromium logs every 4xx.
      expect(page.errors.filter((error) => !error.includes('status of 422'))).toEqual([]);
    },
    journeyTimeout,
  );
});
