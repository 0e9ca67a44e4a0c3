import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { memoryVisitNotifier } from '../support/memory-visit-notifier.ts';
import type { VisitSms } from '../../src/server/visit/visit-notifier.ts';
import type { VisitStepData } from '../../src/shared/visit.ts';
import { browserAvailable } from '../support/browser.ts';
import { startNetworkGate, type NetworkGate } from '../support/network-gate.ts';
import { createProfile, waitForServiceWorker, type Profile } from '../support/persistent-browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { visitor } from '../support/visitor.ts';
import { OutboxStatus } from './pages/outbox.page.ts';
import { VisitBookingPage } from './pages/visit-booking.page.ts';

// Sunday 29 November 2026, noon in Paris: the times offered are Monday's and later.
const sunday = new Date('2026-11-29T11:00:00Z');

describe.skipIf(!browserAvailable)('Booking a counter visit offline, in Chromium with the service worker', () => {
  let server: TestApp & { url: string };
  let gate: NetworkGate;
  let profile: Profile | undefined;
  let stepsProfile: Profile | undefined;
  const notifier = memoryVisitNotifier();
  const setOnline = async (context: BrowserContext, online: boolean) => {
    gate.setOpen(online);
    await context.setOffline(!online);
  };

  beforeAll(async () => {
    server = await startTestServer('pglite', {}, { visitNotifier: notifier, clock: () => sunday });
    await seedDemoData(server.database.db);
    gate = await startNetworkGate(server.url);
  });
  afterAll(async () => {
    await profile?.remove();
    await stepsProfile?.remove();
    await gate?.close();
    await server?.close();
  });

  const count = async (table: 'appointment' | 'visit_phone_verification') =>
    Number(
      (
        await server.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  it('keeps the request on the phone, says no time is held, sends it when the network returns; the code then books', async () => {
    const citizen = await visitor(server.app);
    const base = 'service=id_card&location=limoges-hotel-de-ville';
    const days = (await citizen.get(`/api/visit/step?${base}`)).json<VisitStepData>();
    const day = days.days.find((entry) => entry.freeSlots > 0)?.day ?? '';
    const times = (await citizen.get(`/api/visit/step?${base}&day=${day}`)).json<VisitStepData>();
    const start = times.times[0]?.startsAt ?? '';

    profile = await createProfile();
    const { context, page } = await profile.open();
    const visit = new VisitBookingPage(page);
    await page.goto(`${gate.url}/visit/details?${base}&day=${day}&start=${encodeURIComponent(start)}`);
    await waitForServiceWorker(page);
    await visit.verifyOnPage('Vos coordonnées');
    const [appointmentsBefore, verificationsBefore] = [await count('appointment'), await count('visit_phone_verification')];

    await setOnline(context, false);
    await visit.type('#visit-details-phone', '06 10 00 00 09');
    await visit.type('#visit-details-name', 'Lou Martin');
    await visit.submit('visit-details');
    const saved = page.locator('form#visit-details .panel[role=status]');
    await saved.getByText('Hors ligne : votre demande est enregistrée sur ce téléphone.').waitFor();
    expect(await saved.textContent()).toContain('Aucun horaire n’est réservé pour vous');
    await new OutboxStatus(page).waitForText(/En attente d’envoi \(1\)/);
    expect(await count('visit_phone_verification')).toBe(verificationsBefore);

    await setOnline(context, true);
    await expect.poll(() => count('visit_phone_verification'), { timeout: 15_000 }).toBe(verificationsBefore + 1);
    expect(await count('appointment')).toBe(appointmentsBefore);

    // Where the citizen starts again: the request that left later, and where to type its code.
    await page.goto(`${gate.url}/visit`);
    await visit.follow(page.locator('a', { hasText: 'Saisir le code reçu par SMS' }));
    await visit.verifyOnPage('Saisissez le code reçu par SMS');
    const code = notifier.sent.findLast(
      (sms): sms is Extract<VisitSms, { template: 'visit_code' }> => sms.template === 'visit_code' && sms.phone === '+33610000009',
    )?.params.code;
    await visit.type('#visit-code-code', code ?? '');
    await visit.submit('visit-code');
    await visit.verifyOnPage('Rendez-vous confirmé');
    expect(await count('appointment')).toBe(appointmentsBefore + 1);
    expect(await visit.accessibilityViolations()).toEqual([]);
    expect(page.errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('says offline what is true on the steps (nothing shows or books, the choices are kept in the address), then goes on', async () => {
    stepsProfile = await createProfile();
    const { context, page } = await stepsProfile.open();
    const visit = new VisitBookingPage(page);
    await page.goto(`${gate.url}/visit`);
    await waitForServiceWorker(page);
    await visit.verifyOnPage('Pour quelle démarche ?');
    await page.waitForLoadState('networkidle');

    await setOnline(context, false);
    await visit.follow(page.locator('a.choice', { hasText: 'Carte d’identité' }));
    const offline = page.locator('#visit-offline');
    await offline.waitFor();
    const said = (await page.locator('main').textContent()) ?? '';
    expect(said).toContain('les lieux, les horaires libres et les rendez-vous ne s’affichent qu’en ligne');
    expect(said).toContain('rien n’est réservé ni annulé');
    // The old sentence promised answers were kept on a page that keeps none.
    expect(said).not.toContain('Vos réponses sont gardées');
    expect(await page.locator('main a[href^="tel:+33"]').count()).toBe(1);
    expect(await page.locator('main a[href="/callback"]').count()).toBe(1);
    expect(new URL(page.url()).search).toBe('?service=id_card');
    expect(await visit.accessibilityViolations()).toEqual([]);

    // Back online, "try again" asks for the same step.
    await setOnline(context, true);
    await visit.tabTo(page.locator('main button', { hasText: 'Réessayer' }));
    await page.keyboard.press('Enter');
    await visit.verifyOnPage('Dans quel lieu ?');
    expect(page.errors.filter((error) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|net::/.test(error))).toEqual([]);
    await context.close();
  }, 120_000);
});
