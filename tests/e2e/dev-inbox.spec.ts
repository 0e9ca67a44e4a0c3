import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevInboxSender } from '../../src/server/notifications/dev-inbox.sender.ts';
import { createNotificationSenders } from '../../src/server/notifications/notification-senders.ts';
import { queueNotification } from '../../src/server/notifications/notification.service.ts';
import { createNotificationWorker } from '../../src/server/notifications/notification.worker.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { accessibilityViolations } from './axe.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { DevInboxPage } from './pages/dev-inbox.page.ts';

describe.skipIf(!browserAvailable)('The development inbox, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Queues a verification code and lets a worker send it, as the server would. */
  const sendCode = async (code: string) => {
    await queueNotification(server.database.db, {
      channel: 'sms',
      to: '+33612345678',
      template: 'phone_verification_code',
      language: 'fr',
      params: { code, minutes: 15 },
    });
    const senders = createNotificationSenders(server.database.db, server.config.notifications.senders);
    await createNotificationWorker(server.database.db, senders, server.config.notifications.worker).runOnce();
  };

  it('shows the codes sent, has no axe violation, and is read and refreshed with the keyboard', async () => {
    await sendCode('314159');
    await queueNotification(server.database.db, {
      channel: 'email',
      to: 'zoe@example.fr',
      template: 'visit_reminder',
      language: 'fr',
      params: { date: '2026-12-03', time: '14:30', place: 'Mairie annexe' },
    });
    await createDevInboxSender(server.database.db).sms.send({
      to: '+33698765432',
      text: 'Guichet : pour annuler votre rendez-vous, ouvrez https://guichet.example.fr/visit/cancel/ABC123.',
      reference: 'dev-inbox-spec',
    });
    await createNotificationWorker(
      server.database.db,
      createNotificationSenders(server.database.db, server.config.notifications.senders),
      server.config.notifications.worker,
    ).runOnce();

    const page = await openPage(browser);
    await page.goto(`${server.url}/dev/inbox`);
    const inbox = new DevInboxPage(page);
    await inbox.verifyOnPage();
    expect(await inbox.messages().count()).toBe(3);
    expect(await inbox.status().textContent()).toBe('3 messages, le plus récent en premier.');
    const codeMessage = inbox.messages().filter({ hasText: '314159' });
    expect(await codeMessage.locator('h2').textContent()).toBe('SMS au 06 12 34 56 78');
    expect(await codeMessage.textContent()).toContain('1 SMS, alphabet GSM');
    const mail = inbox.messages().filter({ hasText: 'E-mail à zoe@example.fr' });
    expect(await mail.textContent()).toContain('Objet : Rappel : rendez-vous le jeudi 3 décembre à 14:30');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The link in a message is reached with Tab and followed with Enter like any other.
    await inbox.tabTo('a[href="https://guichet.example.fr/visit/cancel/ABC123"]');

    // A new code arrives; Refresh (Tab, Enter) shows it on top without leaving the page.
    await sendCode('271828');
    await inbox.refresh();
    await page.waitForFunction(() => document.querySelector('main [role=status]')?.textContent?.startsWith('4 messages'));
    expect(await inbox.messages().first().textContent()).toContain('votre code est 271828');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Actualiser');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(page.errors).toEqual([]);
  });

  it('in dark mode and in English, still no axe violation', async () => {
    const page = await openPage(browser, { colorScheme: 'dark', locale: 'en-GB' });
    await page.goto(`${server.url}/dev/inbox`);
    await page.locator('h1', { hasText: 'Demonstration inbox' }).waitFor();
    expect(await page.locator('ol.cards > li h2').first().textContent()).toMatch(/^Text message to /);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(page.errors).toEqual([]);
  });

  it('without JavaScript: the server renders the messages, Refresh reloads the page', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${server.url}/dev/inbox`);
    const inbox = new DevInboxPage(page);
    await inbox.verifyOnPage();
    const before = await inbox.messages().count();
    expect(before).toBeGreaterThan(0);
    await sendCode('161803');
    await inbox.refresh();
    await page.waitForLoadState('load');
    await page.locator('ol.cards > li', { hasText: '161803' }).waitFor();
    expect(await inbox.messages().count()).toBe(before + 1);
  });
});
