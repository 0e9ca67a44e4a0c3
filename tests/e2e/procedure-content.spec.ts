import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { accessibilityViolations } from './axe.ts';
import { ProcedurePage } from './pages/procedure.page.ts';
import { signedInPage } from './pages/sign-in.page.ts';

describe.skipIf(!browserAvailable)('Procedure content as citizens read it, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keyboard only, the phone-only citizen: names not codes, dates in French, errors that name their question', async () => {
    const page = await signedInPage(browser, server.url, 'odette-leroy', '/procedures/civil-status-certificate');
    const form = new ProcedurePage(page);
    await form.tabTo('a.button[href="/procedures/civil-status-certificate/steps/identity"]');
    await page.keyboard.press('Enter');
    await form.verifyStep('Votre identité');
    // Pre-filled from sign-in as the commune's name, not INSEE's "59350".
    await page.waitForFunction(() => (document.getElementById('procedure-birthplace') as HTMLInputElement | null)?.value !== '');
    expect(await form.value('birthplace')).toBe('Lille');
    await form.continue();

    await form.verifyStep('Le document voulu');
    await form.continue();
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    expect(await page.locator('.error-summary li').allTextContents()).toEqual([
      '« Quel document voulez-vous ? » : choisissez une réponse',
      '« Combien d’exemplaires ? » : répondez à cette question',
    ]);
    await form.chooseRadio('kind', 0);
    await form.type('copies', '1');
    await form.continue();

    await form.verifyStep('La réception');
    await form.chooseRadio('delivery', 0);
    await form.type('postal_address.line1', '3 rue des Tilleuls');
    // Typed with a space, as people write it: normalised, not refused.
    await form.type('postal_address.postcode', '59 000');
    await form.type('postal_address.city', 'Lille');
    await form.continue();

    await form.verifyStep('Vous joindre');
    expect(await form.value('phone')).toBe('06 98 76 54 32');
    await form.continue();

    await form.verifyHeading('Vérifiez vos réponses');
    // The answers replace "Loading" once read from the device.
    await page.locator('main', { hasText: 'Lille' }).waitFor();
    const summary = (await page.locator('main').textContent()) ?? '';
    expect(summary).toContain('Lille');
    expect(summary).toContain('20 janvier 1938');
    expect(summary).not.toMatch(/59350|99100|1938-01-20|code INSEE/);
    expect(await accessibilityViolations(page), 'check page').toEqual([]);
  });
});
