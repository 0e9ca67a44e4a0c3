import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addPhone } from '../../src/server/account/person.repository.ts';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
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

    // On the phone nobody sees an identity document: the only way offered is the code by SMS.
    await agent.chooseRadio('mandate', 'scope', 'procedure:civil-status-certificate');
    expect(
      await page
        .locator('form#mandate input[name="method"]')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
    ).toEqual(['sms_code']);

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
    await page.waitForURL(new RegExp(`/agent/citizens/${marieId}/procedures/civil-status-certificate/confirmation/GU-\\d{4}-\\d{6,}$`));
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
  it('keyboard only: consent in person at the counter for a citizen without a verified number; the citizen sees it on their account and takes it back', async () => {
    // The places and their counters: Karim's unit staffs the Limoges town hall, which handles civil status.
    await seedDemoData(server.database.db);
    // Jean signed in once (so he has an account), with no number verified by SMS code.
    const jean = await signedIn('jean-martin', '/account');
    const { person_id: jeanId } = await server.database.db
      .selectFrom('person_identity')
      .select('person_id')
      .where('subject', '=', 'jean-martin')
      .executeTakeFirstOrThrow();

    // A phone agent is told at once why they cannot act for Jean.
    const phone = await signedIn('sophie-moreau', `/agent/citizens/${jeanId}`, '/agent/auth');
    await new CitizenPage(phone).verifyOnCitizen('Jean Martin');
    await phone.locator('#consent-unavailable', { hasText: 'il n’a pas de numéro vérifié par code SMS' }).waitFor();
    expect(await phone.locator('form#mandate').count()).toBe(0);
    expect(await accessibilityViolations(phone), 'no way by phone').toEqual([]);
    await phone.context().close();

    // At the counter: in person is the only way, and the document must be checked.
    const page = await signedIn('karim-haddad', `/agent/citizens/${jeanId}`, '/agent/auth');
    const agent = new CitizenPage(page);
    await agent.verifyOnCitizen('Jean Martin');
    await page.locator('form#mandate .notice', { hasText: 'son accord ne peut être donné qu’en personne' }).waitFor();
    expect(await accessibilityViolations(page), 'in person only').toEqual([]);
    await agent.chooseRadio('mandate', 'scope', 'theme:civil_status');
    await agent.tick('mandate', 'checks', ['photo'], 'photo');
    await agent.submit('mandate');
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    expect(await page.locator('.error-summary li').allTextContents()).toEqual([
      'Choisissez la pièce d’identité présentée',
      'Vérifiez et cochez chaque point de la pièce d’identité',
    ]);
    expect(await page.isChecked('#mandate-checks')).toBe(true);
    expect(await accessibilityViolations(page), 'consent in person, refused').toEqual([]);
    await agent.chooseRadio('mandate', 'document', 'identity_card');
    await agent.tick('mandate', 'checks', ['names', 'birthdate', 'valid'], 'photo');
    await agent.submit('mandate');
    await page.locator('section[aria-labelledby=mandates-title] [role=status]', { hasText: 'Accord enregistré' }).waitFor();

    // Jean finds it on his account page and takes it back, keyboard only.
    await jean.reload();
    const mandate = await server.database.db
      .selectFrom('mandate')
      .select('id')
      .where('person_id', '=', jeanId)
      .where('status', '=', 'granted')
      .executeTakeFirstOrThrow();
    const item = jean.locator(`li[aria-labelledby="mandate-${mandate.id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('Accord donné à Karim Haddad (Mairie de Villeneuve – Accueil) en personne, au guichet.');
    expect(await accessibilityViolations(jean), 'account with a mandate').toEqual([]);
    await new CitizenPage(jean).submit(`revoke-${mandate.id}`);
    await jean.waitForURL(/\/account\?notice=mandate_revoked$/);
    await jean.locator('.notice', { hasText: 'Votre accord est retiré. L’agent ne peut plus agir à votre place.' }).waitFor();
    expect(await item.textContent()).toContain('Retiré.');
    expect(await jean.locator(`form#revoke-${mandate.id}`).count()).toBe(0);
    expect(await accessibilityViolations(jean), 'account, mandate revoked').toEqual([]);

    // The agent's page no longer offers to act for him (the API's 403 is in tests/server/mandates.test.ts).
    await page.reload();
    await agent.verifyOnCitizen('Jean Martin');
    await page.locator('section[aria-labelledby=mandates-title]', { hasText: 'Vous n’avez pas d’accord en cours' }).waitFor();
    expect(await page.locator(`a[href^="/agent/citizens/${jeanId}/procedures/"]`).count()).toBe(0);
    expect([...page.errors, ...jean.errors].filter((error) => !error.includes('status of 422'))).toEqual([]);
  });
});
