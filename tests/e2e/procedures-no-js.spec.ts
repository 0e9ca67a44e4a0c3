import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { dossiersOfPersona } from '../support/test-database.ts';
import { noScriptAccessibility } from './axe-no-js.ts';
import { ProcedurePage } from './pages/procedure.page.ts';
import { SignInJourney } from './pages/sign-in.page.ts';

describe.skipIf(!browserAvailable)('A procedure without JavaScript, in Chromium', () => {
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

  it('keyboard only: signed out, told to sign in first, signs in, comes back, answers every step, checks, sends once', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    const form = new ProcedurePage(page);
    const axe = await noScriptAccessibility(browser, page);
    const path = '/procedures/civil-status-certificate';
    await page.goto(`${server.url}${path}`);

    // Before any question: sending needs a sign-in, and the ways that need none.
    await page.locator('h2', { hasText: 'Identifiez-vous pour faire cette démarche' }).waitFor();
    expect(await page.locator('a[href="/callback?topic=civil_status"]').count()).toBe(1);
    expect(await page.locator('a[href="/visit?service=civil_status"]').count()).toBe(1);
    expect(await page.locator(`a[href^="${path}/steps/"]`).count()).toBe(0);
    expect(await axe('start, signed out'), 'start, signed out').toEqual([]);

    await form.tabTo(`a[href="/auth/login?return=${encodeURIComponent(path)}"]`);
    await page.keyboard.press('Enter');
    const signIn = new SignInJourney(page);
    await signIn.verifyOnPersonaPicker();
    await signIn.tabTo('button[value="marie-dupont"]');
    await page.keyboard.press('Enter');
    // Back on the procedure, not on the account page.
    await page.waitForURL((url) => url.pathname === path);
    expect(await axe('start, signed in'), 'start, signed in').toEqual([]);

    await form.tabTo(`a.button[href="${path}/steps/identity"]`);
    await page.keyboard.press('Enter');
    await form.verifyStep('Votre identité');
    expect(await page.title()).toMatch(/^Étape 1 sur 4 : Votre identité — .+ – Guichet$/);
    // Drawn by the server, with what sign-in told it: no "Loading".
    expect(await form.value('given_name')).toBe('Marie');
    expect(await axe('identity step'), 'identity step').toEqual([]);
    await form.continue();

    await form.verifyStep('Le document voulu');
    // Nothing chosen: the server sends the step back with its errors, and says so in the title.
    await form.continue();
    await page.locator('.error-summary').waitFor();
    expect(await page.title()).toMatch(/^Erreur : Étape 2 sur 4 : /);
    expect(await axe('certificate step with errors'), 'certificate step with errors').toEqual([]);
    await form.chooseRadio('kind', 2);
    await form.type('copies', '2');
    await form.continue();

    await form.verifyStep('La réception');
    expect(await axe('delivery step'), 'delivery step').toEqual([]);
    await form.chooseRadio('delivery', 1);
    await form.tabTo('#procedure-email');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('marie.sans.js@example.fr');
    await form.continue();

    await form.verifyStep('Vous joindre');
    expect(await form.value('phone')).not.toBe('');
    await form.continue();

    await form.verifyHeading('Vérifiez vos réponses');
    expect(await page.title()).toMatch(/^Vérifiez vos réponses — .+ – Guichet$/);
    expect(await page.locator('main').textContent()).toContain('marie.sans.js@example.fr');
    expect(await axe('check'), 'check').toEqual([]);
    await form.tabTo('form#procedure-check button[type=submit]');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/procedures\/civil-status-certificate\/confirmation\/GU-\d{4}-\d{6,}$/);
    expect(await page.locator('h1').textContent()).toBe('Demande envoyée');
    expect(await axe('confirmation'), 'confirmation').toEqual([]);
    const reference = await page.locator('.panel__reference').textContent();
    expect(reference).toMatch(/^GU-/);

    // Back: the answers went with the dossier, there is nothing left to send twice.
    await page.goBack();
    await form.verifyHeading('Vérifiez vos réponses');
    expect(await page.locator('form#procedure-check button[type=submit]').isDisabled()).toBe(true);
    const stored = await dossiersOfMarie();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.answers).toMatchObject({ kind: 'full_copy', copies: '2', delivery: 'email', email: 'marie.sans.js@example.fr' });
    // The step sent back with its errors is a 422, as it should be; nothing else went wrong.
    expect(page.errors.filter((error) => !error.includes('status of 422'))).toEqual([]);
  }, 120_000);
});
