import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createNotificationSenders } from '../../src/server/notifications/notification-senders.ts';
import { createNotificationWorker } from '../../src/server/notifications/notification.worker.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { accessibilityViolations } from './axe.ts';
import { SignInJourney } from './pages/sign-in.page.ts';

describe.skipIf(!browserAvailable)('Phone verification through the development inbox, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** What the server's worker does in the background: send what the outbox holds. */
  const deliver = async () => {
    const senders = createNotificationSenders(server.database.db, server.config.notifications.senders);
    await createNotificationWorker(server.database.db, senders, server.config.notifications.worker).runOnce();
  };

  it.each([
    { javaScript: true, persona: 'odette-leroy', phone: '06 98 76 54 32', e164: '+33698765432' },
    { javaScript: false, persona: 'amadou-diallo', phone: '07 12 12 12 12', e164: '+33712121212' },
  ])(
    'keyboard only, JavaScript $javaScript: the code read in the inbox verifies the number',
    async ({ javaScript, persona, phone, e164 }) => {
      const page = await openPage(browser, { javaScriptEnabled: javaScript });
      const journey = new SignInJourney(page);
      await page.goto(`${server.url}/auth/login`);
      await journey.verifyOnPersonaPicker();
      await journey.tabTo(`button[value="${persona}"]`);
      await page.keyboard.press('Enter');
      await journey.verifyOnAccount();

      await journey.tabTo('#phone-number-phone');
      await page.keyboard.type('06 12');
      await journey.tabTo('form#phone-number button[type=submit]');
      await page.keyboard.press('Enter');
      await page.locator('.error-summary').waitFor();
      expect(await page.inputValue('#phone-number-phone')).toBe('06 12');

      await journey.tabTo('#phone-number-phone');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(phone);
      await journey.tabTo('form#phone-number button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/account\?notice=code_sent$/, { timeout: 8000 }).catch(async (error: unknown) => {
        throw new Error(`Stayed at ${page.url()}: ${(await page.locator('main').textContent()) ?? ''}`, { cause: error });
      });
      expect(await page.locator('.notice').first().textContent()).toBe('Le code a été envoyé par SMS.');
      // axe runs as a script in the page: only where scripts run.
      if (javaScript) expect(await accessibilityViolations(page)).toEqual([]);

      await deliver();
      const inbox = await openPage(browser);
      await inbox.goto(`${server.url}/dev/inbox`);
      const text = await inbox.locator('main').textContent();
      const code = new RegExp(`(\\d{6})`).exec(
        (await inbox.locator('main li, main article').filter({ hasText: phone }).first().textContent()) ?? text ?? '',
      )?.[1];
      expect(code).toMatch(/^\d{6}$/);
      await inbox.context().close();

      await journey.tabTo('#phone-code-code');
      await page.keyboard.type(code ?? '');
      await journey.tabTo('form#phone-code button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/account\?notice=phone_verified$/);
      expect(await page.locator('.notice').first().textContent()).toBe('Votre numéro de téléphone est vérifié.');
      const phones = await page.locator('.contact-list').last().textContent();
      expect(phones).toContain(`${phone} (vérifié par un code SMS)`);
      const stored = await server.database.db.selectFrom('person_phone').selectAll().where('phone', '=', e164).executeTakeFirstOrThrow();
      expect(stored.verified_at).not.toBeNull();
      // The 422 of the refused number is the browser reporting the server's answer, not a fault.
      expect(page.errors.filter((error) => !error.includes('status of 422'))).toEqual([]);
      await page.context().close();
    },
  );
});
