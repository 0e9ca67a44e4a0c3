import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { dossiersOfPersona } from '../support/test-database.ts';
import { accessibilityViolations, wcagAndBestPractices } from './axe.ts';
import { ProcedurePage } from './pages/procedure.page.ts';
import { SignInJourney } from './pages/sign-in.page.ts';

describe.skipIf(!browserAvailable)('A procedure started signed out, with JavaScript, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dossiersOfMarie = () => dossiersOfPersona(server.database.db, 'marie-dupont');

  it('keyboard only: answers typed before signing in are kept through the sign-in, then sent once', async () => {
    const page = await openPage(browser);
    const form = new ProcedurePage(page);
    const path = '/procedures/civil-status-certificate';
    await page.goto(`${server.url}${path}`);

    // Said before the first question: sending needs a sign-in; the call back and the visit need none.
    await page.locator('h2', { hasText: 'Identifiez-vous pour faire cette démarche' }).waitFor();
    expect(await page.locator('a[href="/callback?topic=civil_status"]').count()).toBe(1);
    expect(await page.locator('a[href="/visit?service=civil_status"]').count()).toBe(1);
    // With the app, one may start anyway: the answers stay on this device.
    await form.tabTo(`a[href="${path}/steps/identity"]`);
    expect(await accessibilityViolations(page, wcagAndBestPractices), 'start, signed out').toEqual([]);
    await page.keyboard.press('Enter');

    await form.verifyStep('Votre identité');
    expect(await page.title()).toMatch(/^Étape 1 sur 4 : Votre identité — .+ – Guichet$/);
    await form.type('given_name', 'Marie');
    await form.type('family_name', 'Dupont');
    await form.type('birthdate-year', '1985');
    // Born in France ("no" to born abroad): then the commune is asked.
    await form.chooseRadio('born_abroad', 1);
    await form.type('birthplace', 'Limoges');
    expect(await accessibilityViolations(page, wcagAndBestPractices), 'identity step, signed out').toEqual([]);
    await form.continue();

    await form.verifyStep('Le document voulu');
    await form.chooseRadio('kind', 1);
    await form.type('copies', '3');
    await form.continue();

    await form.verifyStep('La réception');
    await form.chooseRadio('delivery', 1);
    await form.type('email', 'avant.connexion@example.fr');
    await form.continue();

    await form.verifyStep('Vous joindre');
    await form.type('phone', '06 11 22 33 44');
    await form.continue();

    // Sending needs the sign-in: asked here, the answers shown and kept, no 401 to run into.
    await form.verifyHeading('Vérifiez vos réponses');
    expect(await page.locator('main').textContent()).toContain('avant.connexion@example.fr');
    expect(await page.locator('form#procedure-check').count()).toBe(0);
    expect(await accessibilityViolations(page, wcagAndBestPractices), 'check, signed out').toEqual([]);
    await form.tabTo(`a[href="/auth/login?return=${encodeURIComponent(`${path}/check`)}"]`);
    await page.keyboard.press('Enter');

    const signIn = new SignInJourney(page);
    await signIn.verifyOnPersonaPicker();
    await signIn.tabTo('button[value="marie-dupont"]');
    await page.keyboard.press('Enter');
    // Back where the citizen was, with everything typed.
    await page.waitForURL((url) => url.pathname === `${path}/check`);
    await form.verifyHeading('Vérifiez vos réponses');
    await page.locator('main', { hasText: 'avant.connexion@example.fr' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('06 11 22 33 44');
    expect(await accessibilityViolations(page, wcagAndBestPractices), 'check, signed in').toEqual([]);

    await form.tabTo('form#procedure-check button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/procedures\/civil-status-certificate\/confirmation\/GU-\d{4}-\d{6,}$/);
    expect(await accessibilityViolations(page, wcagAndBestPractices), 'confirmation').toEqual([]);
    const stored = await dossiersOfMarie();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.answers).toMatchObject({
      kind: 'without_parents',
      copies: '3',
      delivery: 'email',
      email: 'avant.connexion@example.fr',
      phone: '06 11 22 33 44',
      // Identity comes from the sign-in.
      given_name: 'Marie',
    });
    expect(page.errors).toEqual([]);
  }, 120_000);
});
