import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { procedures } from '../../src/shared/procedures/catalogue.ts';
import { sandboxConnector } from '../../src/server/connectors/sandbox.connector.ts';
import { findPersona } from '../../src/shared/dev-personas.ts';
import { browserAvailable, launchBrowser } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { dossiersOfPersona } from '../support/test-database.ts';
import { createNotificationSenders } from '../../src/server/notifications/notification-senders.ts';
import { createNotificationWorker } from '../../src/server/notifications/notification.worker.ts';
import { ProcedurePage } from './pages/procedure.page.ts';
import { accessibilityViolations } from './axe.ts';
import { signedInPage } from './pages/sign-in.page.ts';

describe.skipIf(!browserAvailable)('Procedures, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Signs a persona in through the development provider, keyboard only, and lands on `returnTo`. */
  const signedIn = (persona: string, returnTo: string, basePath?: '/auth' | '/agent/auth') =>
    signedInPage(browser, server.url, persona, returnTo, basePath);
  const marie = findPersona('marie-dupont');
  const dossiers = () => dossiersOfPersona(server.database.db, 'marie-dupont');

  it('keyboard only: the canteen with the family quotient pre-filled, a reload, the network lost, exactly one dossier', async () => {
    if (marie?.audience !== 'citizen') throw new Error('The marie-dupont persona is missing');
    const expectedQuotient = String((await sandboxConnector().read('family_quotient', marie.claims))?.quotient);
    const page = await signedIn('marie-dupont', '/procedures/school-canteen');
    const form = new ProcedurePage(page);
    await form.tabTo('a.button[href="/procedures/school-canteen/steps/child"]');
    await page.keyboard.press('Enter');
    await form.verifyStep('Votre enfant');
    expect(await page.locator('.page-caption').textContent()).toContain('Étape 1 sur 5');
    // The draft (and its pre-filled answers) comes from IndexedDB just after the page draws.
    await page.waitForFunction(() => (document.getElementById('procedure-child_family_name') as HTMLInputElement | null)?.value !== '');
    expect(await form.value('child_family_name')).toBe('Dupont');

    // An empty answer: the summary takes focus and links to the field; nothing typed is lost.
    await form.continue();
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    // Each message names its question: never the same sentence twice.
    expect(await page.locator('.error-summary li').allTextContents()).toEqual([
      '« Prénom de l’enfant » : répondez à cette question',
      '« Date de naissance de l’enfant » : répondez à cette question',
    ]);
    await form.type('child_given_name', 'Lou');
    await form.type('child_birthdate', '3');
    await page.keyboard.press('Tab');
    await page.keyboard.type('9');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2018');
    await form.continue();

    await form.verifyStep('L’école et les jours');
    await form.chooseRadio('school', 1);
    await form.tick('days', 'monday', true);
    await form.tick('days', 'thursday', false);
    await form.continue();

    await form.verifyStep('Allergies');
    await form.chooseRadio('allergies', 0);
    await form.type('allergy_details', 'Arachides');
    // A reload (a crash, a dead battery): every answer is still there, read from IndexedDB.
    await page.reload();
    await form.verifyStep('Allergies');
    await page.locator('#procedure-allergy_details').waitFor();
    expect(await form.value('allergy_details')).toBe('Arachides');
    expect(await page.isChecked('#procedure-allergies')).toBe(true);

    // The network goes: the rest is answered with nothing reaching the server.
    // The context's route covers the service worker too, so Background Sync cannot slip through.
    await page.context().route('**/api/**', (route) => route.abort('internetdisconnected'));
    await form.continue();
    await form.verifyStep('Votre foyer');
    expect(await form.value('family_quotient')).toBe(expectedQuotient);
    expect(await page.locator('#procedure-family_quotient-hint').textContent()).toContain('la CAF');
    await form.continue();

    await form.verifyStep('Vous joindre');
    expect(await form.value('phone')).toBe('06 12 34 56 78');
    await form.type('home_address.line1', '12 rue des Lilas');
    await form.type('home_address.postcode', '87000');
    await form.type('home_address.city', 'Limoges');
    await form.continue();

    await form.verifyHeading('Vérifiez vos réponses');
    expect(await page.locator('.summary__action a').first().textContent()).toBe('Modifier Prénom de l’enfant');
    await form.tabTo('form#procedure-check button[type=submit]');
    await page.keyboard.press('Enter');
    // Nothing reached the server: the submission waits in the outbox, and the page says so.
    await page.locator('.panel[role=status]', { hasText: 'enregistrée sur ce téléphone' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
    expect(await dossiers()).toHaveLength(0);
    expect(await accessibilityViolations(page), 'check, waiting to be sent').toEqual([]);

    // The network is back: the outbox sends it once, with the draft's idempotency key, and the
    // page moves on to the confirmation by itself.
    await page.context().unroute('**/api/**');
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await page.waitForURL(/\/procedures\/school-canteen\/confirmation\/GU-\d{4}-\d{6,}$/);
    const reference = await page.locator('.panel__reference').textContent();
    const stored = await dossiers();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.reference).toBe(reference);
    expect(stored[0]?.answers).toMatchObject({ child_given_name: 'Lou', days: 'monday,thursday', family_quotient: expectedQuotient });
    expect(page.errors.filter((error) => !error.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  it('has no accessibility violations on any step of any procedure, nor on check and confirmation', async () => {
    const page = await signedIn('marie-dupont', '/procedures');
    for (const procedure of procedures) {
      await page.goto(`${server.url}/procedures/${procedure.id}`);
      expect(await accessibilityViolations(page), `${procedure.id} start`).toEqual([]);
      for (const step of procedure.steps) {
        await page.goto(`${server.url}/procedures/${procedure.id}/steps/${step.id}`);
        await page.locator('form#procedure').waitFor();
        expect(await accessibilityViolations(page), `${procedure.id}/${step.id}`).toEqual([]);
        await page.locator('form#procedure button[type=submit]').focus();
        await page.keyboard.press('Enter');
        await page.waitForLoadState('networkidle');
        expect(await accessibilityViolations(page), `${procedure.id}/${step.id} after continue`).toEqual([]);
      }
      await page.goto(`${server.url}/procedures/${procedure.id}/check`);
      await page.locator('h1', { hasText: 'Vérifiez vos réponses' }).waitFor();
      await page.locator('.summary').first().waitFor();
      expect(await accessibilityViolations(page), `${procedure.id} check`).toEqual([]);
      await page.goto(`${server.url}/procedures/${procedure.id}/confirmation/GU-2026-000001`);
      expect(await accessibilityViolations(page), `${procedure.id} confirmation`).toEqual([]);
    }
    await page.goto(`${server.url}/procedures`);
    expect(await accessibilityViolations(page), 'list').toEqual([]);
    expect(page.errors).toEqual([]);
  }, 300_000);

  it('keyboard only: a case handler asks for more information; the citizen sees it and answers', async () => {
    const reference = (await dossiers())[0]?.reference ?? '';
    const agent = await signedIn('nadia-benali', '/agent/dossiers?status=submitted', '/agent/auth');
    const queue = new ProcedurePage(agent);
    await queue.tabTo(`a[href="/agent/dossiers/${reference}"]`);
    expect(await accessibilityViolations(agent), 'case list').toEqual([]);
    await agent.keyboard.press('Enter');
    await agent.locator('#decision-action').waitFor();
    expect(await accessibilityViolations(agent), 'case page').toEqual([]);
    await queue.tabTo('#decision-action');
    await agent.keyboard.press('Space');
    await queue.tabTo('form#decision button[type=submit]');
    await agent.keyboard.press('Enter');
    await agent.locator('.lead .status', { hasText: 'En cours d’examen' }).waitFor();

    await queue.tabTo('#decision-action');
    await agent.keyboard.press('Space');
    await queue.tabTo('#decision-message');
    await agent.keyboard.type('Merci d’envoyer le certificat médical.');
    await queue.tabTo('form#decision button[type=submit]');
    await agent.keyboard.press('Enter');
    await agent.locator('.lead .status', { hasText: 'Il nous manque une information' }).waitFor();
    const audit = await server.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', reference).execute();
    expect(audit.map((line) => line.action)).toEqual(['dossier.viewed', 'dossier.start_review', 'dossier.request_information']);

    const citizen = await signedIn('marie-dupont', '/requests');
    const card = citizen.locator('.card', { has: citizen.locator(`a[href="/requests/${reference}"]`) });
    await card.waitFor();
    expect(await card.locator('.status').textContent()).toBe('Il nous manque une information');
    expect(await accessibilityViolations(citizen), 'my requests').toEqual([]);
    const requests = new ProcedurePage(citizen);
    await requests.tabTo(`a[href="/requests/${reference}"]`);
    await citizen.keyboard.press('Enter');
    await citizen.locator('blockquote', { hasText: 'certificat médical' }).first().waitFor();
    expect(await accessibilityViolations(citizen), 'dossier page').toEqual([]);
    expect(await citizen.locator(`a[href="/callback?dossier=${reference}"]`).textContent()).toBe(
      'Une question sur cette demande ? Être rappelé',
    );
    // The server's worker sends the queued SMS; in development they land in the inbox page.
    const senders = createNotificationSenders(server.database.db, server.config.notifications.senders);
    await createNotificationWorker(server.database.db, senders, server.config.notifications.worker).runOnce();
    await citizen.goto(`${server.url}/dev/inbox`);
    await citizen.getByText(`votre dossier ${reference} est maintenant "en attente d'informations de votre part"`).first().waitFor();
    await citizen.goBack();
    await citizen.locator('blockquote', { hasText: 'certificat médical' }).first().waitFor();

    await requests.tabTo('#information-message');
    await citizen.keyboard.type('Envoyé par courrier ce matin.');
    await requests.tabTo('form#information button[type=submit]');
    await citizen.keyboard.press('Enter');
    await citizen.locator('.lead .status', { hasText: 'En cours d’examen' }).waitFor();
    expect([...agent.errors, ...citizen.errors]).toEqual([]);
  }, 120_000);
});
