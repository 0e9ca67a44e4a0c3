import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { CallbackRequestPage } from './pages/callback-request.page.ts';
import { KeyboardJourney } from './pages/callback-queue.page.ts';
import { accessibilityViolations } from './axe.ts';
import { signedInPage } from './pages/sign-in.page.ts';

describe.skipIf(!browserAvailable)('Call me back, end to end: the citizen, the phone agent, the survey, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };
  let reference: string;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The link an SMS carried (the test reads the outbox; a phone would receive it). */
  const linkIn = async (template: string, phone: string) => {
    const sms = await server.database.db
      .selectFrom('notification')
      .select('params')
      .where('template', '=', template)
      .where('recipient', '=', phone)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return new URL(String(sms.params.link)).pathname;
  };

  const signedIn = (persona: string, returnTo: string) => signedInPage(browser, server.url, persona, returnTo, '/agent/auth');

  it('without JavaScript: from a dossier, the dossier filled in, errors kept, the request, then cancelled from the SMS link', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${server.url}/callback?dossier=GU-2026-000123`);
    const form = new CallbackRequestPage(page);
    await form.verifyOnPage();
    expect(await page.inputValue('#callback-dossier')).toBe('GU-2026-000123');
    expect(await page.isChecked('#callback-callLanguage')).toBe(true);

    await form.typePhone('06 55 44 33 22');
    await form.chooseRadio('topic', 5);
    await form.chooseRadio('window', 1);
    await form.submit();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Précisez votre question en quelques mots']);
    expect(await page.inputValue('#callback-phone')).toBe('06 55 44 33 22');
    expect(await page.inputValue('#callback-dossier')).toBe('GU-2026-000123');

    await form.tabTo('#callback-topicDetail');
    await page.keyboard.type('Ma facture de cantine');
    await form.submit();
    await page.waitForURL(/\/callback\/confirmation\/RAP-/);
    const cancelled = await page.locator('.panel__reference').textContent();
    const stored = await server.database.db
      .selectFrom('callback_request')
      .selectAll()
      .where('reference', '=', cancelled ?? '')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      topic: 'other',
      topic_detail: 'Ma facture de cantine',
      time_window: 'afternoon',
      dossier_reference: 'GU-2026-000123',
      call_language: 'fr',
    });

    const cancelLink = `${server.url}${await linkIn('callback_confirmation', '+33655443322')}`;
    await page.goto(cancelLink);
    await page.locator('h1', { hasText: 'Annuler ma demande de rappel' }).waitFor();
    const journey = new KeyboardJourney(page);
    await journey.press('main button[type=submit]');
    await page.locator('h1', { hasText: 'Votre demande est annulée' }).waitFor();
    const after = await server.database.db
      .selectFrom('callback_request')
      .select('status')
      .where('reference', '=', cancelled ?? '')
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('cancelled');
    // The form sent back with its errors is a 422 page, which Chromium reports in the console.
    expect(page.errors.filter((error) => !error.includes('422'))).toEqual([]);

    // axe runs in the page: the same screens with JavaScript on.
    const checked = await openPage(browser);
    await checked.goto(cancelLink);
    await checked.locator('h1', { hasText: 'Votre demande est annulée' }).waitFor();
    expect(await accessibilityViolations(checked), 'cancelled page').toEqual([]);
  });

  it('keyboard only: the phone agent takes the call, sees the number to call, records the outcome', async () => {
    const citizen = await openPage(browser);
    await citizen.goto(`${server.url}/callback?dossier=GU-2026-000777`);
    const form = new CallbackRequestPage(citizen);
    await form.verifyOnPage();
    expect(await citizen.inputValue('#callback-dossier')).toBe('GU-2026-000777');
    expect(await accessibilityViolations(citizen), 'callback form').toEqual([]);
    await form.submit();
    await citizen.locator('.error-summary').waitFor();
    expect(await accessibilityViolations(citizen), 'callback form with errors').toEqual([]);
    await form.typePhone('06 11 22 33 44');
    await form.chooseRadio('topic', 2);
    await form.chooseRadio('window', 0);
    await form.submit();
    await citizen.waitForURL(/\/callback\/confirmation\/RAP-/);
    reference = (await citizen.locator('.panel__reference').textContent()) ?? '';
    await citizen.goto(`${server.url}${await linkIn('callback_confirmation', '+33611223344')}`);
    await citizen.locator('h1', { hasText: 'Annuler ma demande de rappel' }).waitFor();
    expect(await accessibilityViolations(citizen), 'cancel page').toEqual([]);
    expect(citizen.errors).toEqual([]);

    const agent = await signedIn('sophie-moreau', '/agent');
    const journey = new KeyboardJourney(agent);
    await journey.press('a[href="/agent/callbacks"]');
    await journey.verifyHeading('Demandes de rappel');
    const take = agent.locator('tr', { hasText: reference }).locator('button');
    await take.waitFor();
    expect(await accessibilityViolations(agent), 'queue').toEqual([]);
    await journey.tabTo(`tr:has(th:text-is("${reference}")) button`);
    await agent.keyboard.press('Enter');
    await agent.waitForURL(new RegExp(`/agent/callbacks/${reference}$`));
    const dial = agent.locator('main a[href^="tel:"]');
    await dial.waitFor();
    expect(await dial.getAttribute('href')).toBe('tel:+33611223344');
    expect(await accessibilityViolations(agent), 'call sheet').toEqual([]);

    await journey.chooseRadio('#outcome-outcome', 0);
    await journey.tabTo('#outcome-note');
    await agent.keyboard.type('Carte de résident expliquée');
    await journey.press('form#outcome button[type=submit]');
    await agent.locator('.panel[role=status]', { hasText: 'C’est enregistré : Appel fait.' }).waitFor();
    expect(await accessibilityViolations(agent), 'outcome recorded').toEqual([]);
    const row = await server.database.db
      .selectFrom('callback_request')
      .select('status')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
    const audit = await server.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', reference)
      .orderBy('id')
      .execute();
    expect(audit.map((line) => line.action)).toEqual(['callback.claimed', 'callback.viewed', 'callback.done']);
    expect(agent.errors).toEqual([]);
  });

  it('keyboard only: the citizen rates the call from the SMS link; the administrator sees it', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}${await linkIn('satisfaction_survey', '+33611223344')}`);
    const journey = new KeyboardJourney(page);
    await journey.verifyHeading('Votre avis en une question');
    expect(await accessibilityViolations(page), 'survey').toEqual([]);
    await journey.chooseRadio('#survey-rating', 1);
    await journey.press('form#survey button[type=submit]');
    await journey.verifyHeading('Merci pour votre réponse');
    expect(await accessibilityViolations(page), 'survey thanks').toEqual([]);
    expect(page.errors).toEqual([]);

    const admin = await signedIn('thomas-girard', '/agent/satisfaction');
    await admin.locator('table tr', { hasText: 'Stationnement' }).waitFor();
    expect(await admin.locator('table tr', { hasText: 'Stationnement' }).textContent()).toContain('4 sur 5');
    expect(await accessibilityViolations(admin), 'results').toEqual([]);
  });
});
