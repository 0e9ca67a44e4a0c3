import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { AccessibilityFeedbackPage } from './pages/accessibility-feedback.page.ts';
import { accessibilityViolations } from './axe.ts';

describe.skipIf(!browserAvailable)('accessibility feedback, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const stored = () => server.database.db.selectFrom('accessibility_feedback').select(['message', 'page', 'contact', 'language']).execute();

  it('keyboard only, from the statement: an empty message is refused in a translated summary, nothing typed is lost, then it is sent', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/accessibility`, { waitUntil: 'networkidle' });
    const form = new AccessibilityFeedbackPage(page);
    await form.tabTo('main a[href="/accessibility/feedback"]', 120);
    await page.keyboard.press('Enter');
    await form.verifyOnPage();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');

    await form.type('page', 'Prendre rendez-vous');
    await form.send();
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Décrivez le problème']);
    expect(await page.inputValue('#accessibility-feedback-page')).toBe('Prendre rendez-vous');
    expect(await accessibilityViolations(page)).toEqual([]);

    await form.type('message', 'Le calendrier ne se lit pas avec mon lecteur d’écran');
    await form.send();
    const thanks = page.locator('form#accessibility-feedback .panel[role=status]');
    await thanks.waitFor();
    expect(await thanks.textContent()).toContain('Merci, votre message est bien envoyé');
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
    expect(await page.inputValue('#accessibility-feedback-message')).toBe('');
    expect(await stored()).toContainEqual({
      message: 'Le calendrier ne se lit pas avec mon lecteur d’écran',
      page: 'Prendre rendez-vous',
      contact: null,
      language: 'fr',
    });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(page.errors).toEqual([]);
  });

  it('without JavaScript, the form posts to the server, which answers on the same page', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false, locale: 'en-GB' });
    await page.context().addCookies([{ name: 'lang', value: 'en', url: server.url }]);
    await page.goto(`${server.url}/accessibility/feedback`);
    const form = new AccessibilityFeedbackPage(page);
    await form.type('message', 'The buttons are too small on my phone');
    await form.type('contact', 'reader@example.org');
    await form.send();
    await page.locator('.panel', { hasText: 'Thank you, your message has been sent' }).waitFor();
    expect(await stored()).toContainEqual({
      message: 'The buttons are too small on my phone',
      page: null,
      contact: 'reader@example.org',
      language: 'en',
    });
  });
});
