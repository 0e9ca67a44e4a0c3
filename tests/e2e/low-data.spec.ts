import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { accessibilityViolations } from './axe.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { CallbackRequestPage } from './pages/callback-request.page.ts';

describe.skipIf(!browserAvailable)('Low-data mode, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keyboard only: the switch turns it on, the next page comes lighter, and it turns off again', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/`);
    const keyboard = new CallbackRequestPage(page);
    const button = page.getByRole('button', { name: 'Économiser les données' });
    await button.waitFor();
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect(await accessibilityViolations(page)).toEqual([]);

    await keyboard.tabTo('.low-data-switch button');
    await page.keyboard.press('Space');
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    await page.getByText('Activé : pas d’images, rien n’est chargé à l’avance.').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.lowData)).toBe('on');

    // The page as the server sent it (the app adds its own hints later, for what it actually loads).
    const light = await page.goto(`${server.url}/callback`);
    expect(await light?.text()).not.toContain('rel="modulepreload"');
    expect(await page.evaluate(() => document.documentElement.dataset.lowData)).toBe('on');
    await keyboard.verifyOnPage();

    await keyboard.tabTo('.low-data-switch button');
    await page.keyboard.press('Enter');
    const full = await page.reload();
    expect(await full?.text()).toContain('rel="modulepreload"');
    expect(await page.evaluate(() => document.documentElement.dataset.lowData)).toBeUndefined();
    expect(page.errors).toEqual([]);
  });

  it('follows the browser’s Save-Data without any switch', async () => {
    const page = await openPage(browser, { extraHTTPHeaders: { 'Save-Data': 'on' } });
    const light = await page.goto(`${server.url}/visit`);
    expect(await light?.text()).not.toContain('rel="modulepreload"');
    expect(await page.evaluate(() => document.documentElement.dataset.lowData)).toBe('on');
  });
});
