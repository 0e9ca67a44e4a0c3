import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addPhone } from '../../src/server/account/person.repository.ts';
import { createNotificationSenders } from '../../src/server/notifications/notification-senders.ts';
import { createNotificationWorker } from '../../src/server/notifications/notification.worker.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { CitizenPage } from './pages/citizen.page.ts';
import { ProcedurePage } from './pages/procedure.page.ts';
import { accessibilityViolations } from './axe.ts';
import { signedInPage } from './pages/sign-in.page.ts';

describe.skipIf(!browserAvailable)('Acting on a citizen’s behalf, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Signs a persona in through the development provider, keyboard only, and lands on `returnTo`. */
  const signedIn = (persona: string, returnTo: string, basePath?: '/auth' | '/agent/auth') =>
    signedInPage(browser, server.url, persona, returnTo, basePath, { viewport: { width: 1024, height: 900 } });

  /** What the server's worker does in the background: send what the outbox holds. */
  const deliver = async () => {
    const senders = createNotificationSenders(server.database.db, server.config.notifications.senders);
    await createNotificationWorker(server.database.db, senders, server.config.notifications.worker).runOnce();
  };

  it('keyboard only: the agent finds the citizen, records consent with the SMS code, submits for them; the citizen reads "on your behalf"', async () => {
    // Marie has an account and a number she verified by SMS code (the account page's journey, tested elsewhere).
    const marie = await signedIn('marie-dupont', '/account');
    const { person_id: marieId } = await server.database.db
      .selectFrom('person_identity')
      .select('person_id')
      .where('subject', '=', 'marie-dupont')
      .executeTakeFirstOrThrow();
    await addPhone(server.database.db, marieId, '+33612345678', 'sms_code', new Date());

    const page = await signedIn('sophie-moreau', '/agent', '/agent/auth');
    const agent = new CitizenPage(page);
    await agent.followLink('a[href="/agent/citizens"]');
    await agent.verifyOnSearch();
    expect(await accessibilityViolations(page), 'search').toEqual([]);

    // Nothing typed: a translated error summary, focused.
    await agent.submit('citizen-search');
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Saisissez un numéro de téléphone ou un nom']);
    await agent.type('citizen-search', 'q', '06 12 34 56 78');
    await agent.submit('citizen-search');
    await page.locator('#results-title', { hasText: '1 personne trouvée' }).waitFor();
    expect(await accessibilityViolations(page), 'search results').toEqual([]);
    await agent.followLink(`a[href="/agent/citizens/${marieId}"]`);
    await agent.verifyOnCitizen('Marie Dupont');
    expect(await accessibilityViolations(page), 'citizen').toEqual([]);

    // In person, without the document checked: refused with the reasons, the choices kept.
    await agent.chooseRadio('mandate', 'scope', 'procedure:civil-status-certificate');
    await agent.chooseRadio('mandate', 'method', 'in_person');
    await page.locator('#mandate-document').waitFor();
    await agent.tick('mandate', 'checks', ['photo'], 'photo');
    await agent.submit('mandate');
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    expect(await page.locator('.error-summary li').allTextContents()).toEqual([
      'Choisissez la pièce d’identité présentée',
      'Vérifiez et cochez chaque point de la pièce d’identité',
    ]);
    expect(await page.isChecked('#mandate-checks')).toBe(true);
    expect(await accessibilityViolations(page), 'consent in person, refused').toEqual([]);

    // On the phone: the code goes to Marie's verified number.
    await agent.chooseRadio('mandate', 'method', 'sms_code');
    await agent.submit('mandate');
    await page.locator('form#mandate-code').waitFor();
    expect(await page.locator('section[aria-labelledby=mandates-title] [role=status]').textContent()).toBe(
      'Code envoyé par SMS au 06 •• •• •• 78.',
    );
    expect(await accessibilityViolations(page), 'code form').toEqual([]);

    await deliver();
    const inbox = await openPage(browser);
    await inbox.goto(`${server.url}/dev/inbox`);
    const message = await inbox.locator('main li').filter({ hasText: 'lisez-lui ce code' }).first().textContent();
    const code = /(\d{6})/.exec(message ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await inbox.context().close();

    // A misread code: refused, said why, what was typed kept.
    const wrong = code === '000000' ? '111111' : '000000';
    await agent.type('mandate-code', 'code', wrong);
    await agent.submit('mandate-code');
    await page.locator('.error-summary li', { hasText: 'Ce code n’est pas le bon' }).waitFor();
    expect(await page.inputValue('#mandate-code-code')).toBe(wrong);
    expect(await accessibilityViolations(page), 'wrong code').toEqual([]);
    await agent.type('mandate-code', 'code', code);
    await agent.submit('mandate-code');
    await page.locator('section[aria-labelledby=mandates-title] [role=status]', { hasText: 'Accord enregistré' }).waitFor();
    expect(await accessibilityViolations(page), 'consent granted').toEqual([]);

    // The same procedure pages as the citizen's, with their answers pre-filled from their identity.
    await agent.followLink(`a[href="/agent/citizens/${marieId}/procedures/civil-status-certificate/steps/identity"]`);
    const form = new ProcedurePage(page);
    await form.verifyStep('Votre identité');
    await page.waitForFunction(() => (document.getElementById('procedure-family_name') as HTMLInputElement | null)?.value === 'Dupont');
    expect(await page.locator('main .notice').first().textContent()).toContain('à la place d’un usager');
    expect(await accessibilityViolations(page), 'on behalf, identity').toEqual([]);
    await form.continue();
    await form.verifyStep('Le document voulu');
    await form.chooseRadio('kind', 0);
    await form.type('copies', '1');
    await form.continue();
    await form.verifyStep('La réception');
    await form.chooseRadio('delivery', 1);
    await page.locator('#procedure-email').waitFor();
    expect(await form.value('email')).toBe('marie.dupont@example.fr');
    await form.continue();
    await form.verifyStep('Vous joindre');
    expect(await form.value('phone')).toBe('06 12 34 56 78');
    await form.continue();
    await form.verifyHeading('Vérifiez vos réponses');
    await page.locator('.summary').first().waitFor();
    expect(await accessibilityViolations(page), 'on behalf, check').toEqual([]);
    await form.tabTo('form#procedure-check button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/agent/citizens/${marieId}/procedures/civil-status-certificate/confirmation/GU-\\d{4}-\\d{6}$`));
    const reference = (await page.locator('.panel__reference').textContent()) ?? '';
    expect(await accessibilityViolations(page), 'on behalf, confirmation').toEqual([]);

    const dossier = await server.database.db.selectFrom('dossier').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(dossier).toMatchObject({ person_id: marieId, submission_channel: 'phone' });

    // Back on the citizen's page: the timeline says what happened, through which channel.
    await agent.followLink(`a[href="/agent/citizens/${marieId}"]`);
    await agent.verifyOnCitizen('Marie Dupont');
    await page
      .locator('.timeline', { hasText: `Demander un extrait d’acte de naissance (${reference}) : Demande envoyée, par téléphone` })
      .waitFor();
    expect(await page.locator('.timeline').textContent()).toContain(
      'Accord donné à Sophie Moreau pour « Demander un extrait d’acte de naissance »',
    );
    expect(await accessibilityViolations(page), 'citizen after submission').toEqual([]);

    // The citizen gets the SMS with the reference, and sees who submitted it and how.
    await deliver();
    const sms = await server.database.db
      .selectFrom('dev_inbox_message')
      .select('text')
      .where('recipient', '=', '+33612345678')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(sms.text).toContain(reference);
    await marie.goto(`${server.url}/requests/${reference}`);
    await marie.locator('.notice', { hasText: 'Déposée en votre nom par Sophie Moreau, par téléphone.' }).waitFor();
    expect(await accessibilityViolations(marie), 'citizen dossier').toEqual([]);
    expect([...page.errors, ...marie.errors].filter((error) => !error.includes('status of 422'))).toEqual([]);
  });
});
