import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { accessibilityViolations } from './axe.ts';
import { KeyboardJourney } from './pages/callback-queue.page.ts';
import { signedInPage } from './pages/sign-in.page.ts';

/**
 * A second way to every page (RGAA 12.1, WCAG 2.4.5): the footer's menu and the site map, from any
 * page, by keyboard, with and without JavaScript.
 */
describe.skipIf(!browserAvailable)('the footer menu and the site map, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const tabTo = (page: Page, selector: string) => new KeyboardJourney(page).tabTo(selector);

  for (const javaScriptEnabled of [true, false]) {
    it(`keyboard only, JavaScript ${javaScriptEnabled ? 'on' : 'off'}: from a page about something else to My documents`, async () => {
      const page = await openPage(browser, { javaScriptEnabled });
      await page.goto(`${server.url}/accessibility`, { waitUntil: 'networkidle' });
      const menu = page.getByRole('navigation', { name: 'Pages du site' });
      expect(await menu.getByRole('link').allTextContents()).toEqual([
        'Démarches',
        'Mes demandes',
        'Mes documents',
        'Mon compte',
        'Plan du site',
        'Accessibilité : partiellement conforme',
      ]);
      await tabTo(page, 'footer a[href="/site-map"]');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/site-map`);
      await page.locator('h1', { hasText: 'Plan du site' }).waitFor();
      expect(await page.title()).toContain('Plan du site');
      const groups = await page.locator('main h2').allTextContents();
      expect(groups).toEqual(['Faire une démarche', 'Parler à quelqu’un', 'Mon espace', 'À propos du site']);
      const documents = page.locator('main a[href="/documents"]');
      expect(await documents.locator('xpath=..').textContent()).toBe('Mes documents (connexion demandée)');
      if (javaScriptEnabled) expect(await accessibilityViolations(page)).toEqual([]);
      expect(page.errors).toEqual([]);
      await tabTo(page, 'main a[href="/documents"]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/documents$|\/dev-idp\/interaction\//);
      await page.locator('h1').waitFor();
    });
  }

  it("the agent workspace has its own layout: none of the citizens' helps or menu", async () => {
    const page = await signedInPage(browser, server.url, 'sophie-moreau', '/agent', '/agent/auth');
    await page.locator('h1').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('aside.help-bar').count()).toBe(0);
    expect(await page.locator('a.reading-switch').count()).toBe(0);
    expect(await page.locator('.read-aloud, .read-aloud-slot').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Pages du site' }).getByRole('link').allTextContents()).toEqual([
      'Accessibilité : partiellement conforme',
    ]);
    expect(page.errors).toEqual([]);
  });

  it('the same menu for a signed-in citizen', async () => {
    const page = await signedInPage(browser, server.url, 'marie-dupont', '/account');
    await page.locator('h1').waitFor();
    const menu = page.getByRole('navigation', { name: 'Pages du site' });
    expect(await menu.getByRole('link', { name: 'Mes documents' }).getAttribute('href')).toBe('/documents');
    expect(page.errors).toEqual([]);
  });
});
