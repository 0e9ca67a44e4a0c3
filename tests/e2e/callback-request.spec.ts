import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { CallbackRequestPage } from './pages/callback-request.page.ts';

describe.skipIf(!browserAvailable)('Call me back, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const requestCount = async () =>
    Number(
      (
        await server.database.db
          .selectFrom('callback_request')
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  it('keyboard only: errors first, then a confirmation with a reference, one request stored', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/`);
    const form = new CallbackRequestPage(page);
    await form.tabTo('.help-bar a[href="/callback"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/callback$/);
    await form.verifyOnPage();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    await form.typePhone('01');
    await form.submit();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    // The summary takes focus in an effect after it renders, so screen readers read it out first.
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'), undefined, { timeout: 2000 });
    expect(await summary.locator('li').allTextContents()).toEqual([
      'Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78',
      'Choisissez le sujet de votre appel',
      'Choisissez quand vous voulez être appelé',
    ]);
    expect(await page.inputValue('#callback-phone')).toBe('01');

    await form.tabTo('#callback-phone');
    await page.keyboard.press('End');
    await page.keyboard.type(' 23 45 67 89');
    await form.chooseRadio('topic', 1);
    await form.chooseRadio('window', 2);
    const before = await requestCount();
    await form.submit();
    await page.waitForURL(/\/callback\/confirmation\/RAP-/);
    const reference = await page.locator('.panel__reference').textContent();
    expect(reference).toMatch(/^RAP-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await requestCount()).toBe(before + 1);
    const stored = await server.database.db
      .selectFrom('callback_request')
      .selectAll()
      .where('reference', '=', reference ?? '')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ phone: '+33123456789', topic: 'school', time_window: 'any' });
    expect(page.errors).toEqual([]);
  });

  it('without JavaScript: the server answers the form, errors keep what was typed', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${server.url}/callback`);
    const form = new CallbackRequestPage(page);
    await form.typePhone('06 12');
    await form.chooseRadio('topic', 0);
    await form.submit();
    await page.locator('.error-summary').waitFor();
    expect(await page.inputValue('#callback-phone')).toBe('06 12');
    expect(await page.isChecked('#callback-topic')).toBe(true);

    await form.tabTo('#callback-phone');
    await page.keyboard.press('End');
    await page.keyboard.type(' 34 56 78');
    await form.chooseRadio('window', 0);
    await form.submit();
    await page.waitForURL(/\/callback\/confirmation\/RAP-/);
    expect(await page.locator('h1').textContent()).toBe('Demande de rappel envoyée');
  });
});
