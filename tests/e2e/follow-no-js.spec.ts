import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPhone } from '../../src/server/account/person.repository.ts';
import type { MandateView } from '../../src/shared/mandate.ts';
import { canteenAnswers } from '../../src/shared/procedures/school-canteen.example.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { signInAs } from '../support/sign-in.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { visitor } from '../support/visitor.ts';
import { accessibilityViolations } from './axe.ts';
import { DocumentsPage } from './pages/documents.page.ts';
import { signInByKeyboard } from './pages/sign-in.page.ts';

/** A small real PDF, as a scanner gives. */
function scan(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(30_000), Buffer.from('\n%%EOF\n')]);
}

// Keyboard journeys press Tab a few hundred times: on a busy 2-core machine that can pass a minute.
const journeyTimeout = 240_000;

describe.skipIf(!browserAvailable)('After a procedure: My requests, a dossier, My documents, the account', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A dossier of `persona` in which the case handler asks for a medical certificate. */
  async function dossierAwaitingInformation(persona: string): Promise<string> {
    const [citizen, agent] = await Promise.all([visitor(server.app), visitor(server.app)]);
    await signInAs(citizen, persona);
    await signInAs(agent, 'nadia-benali', { basePath: '/agent/auth' });
    const submitted = await citizen.postJson(
      '/api/dossiers',
      { procedure: 'school-canteen', answers: canteenAnswers },
      { idempotencyKey: randomUUID() },
    );
    const { reference } = submitted.json<{ reference: string }>();
    for (const action of ['start_review', 'request_information']) {
      await agent.postJson(`/api/agent/dossiers/${reference}/actions`, { action, message: 'Merci d’ajouter le certificat médical.' }, {});
    }
    return reference;
  }

  /** Marie's consent to a phone agent for a civil-status certificate, given by SMS code: a mandate she can take back. */
  async function mandateOfMarie(): Promise<string> {
    const db = server.database.db;
    const agent = await visitor(server.app);
    await signInAs(agent, 'sophie-moreau', { basePath: '/agent/auth' });
    const { person_id: marie } = await db
      .selectFrom('person_identity')
      .select('person_id')
      .where('subject', '=', 'marie-dupont')
      .executeTakeFirstOrThrow();
    await addPhone(db, marie, '+33612345678', 'sms_code', new Date());
    const asked = await agent.postJson(
      `/api/agent/citizens/${marie}/mandates`,
      { scope: 'procedure:civil-status-certificate', duration: '1d', method: 'sms_code' },
      {},
    );
    const mandate = asked.json<MandateView>();
    const code = await db
      .selectFrom('notification')
      .select('params')
      .where('person_id', '=', marie)
      .where('template', '=', 'mandate_consent_code')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const given = await agent.postJson(`/api/agent/citizens/${marie}/mandates/${mandate.id}/code`, { code: String(code.params.code) }, {});
    expect(given.statusCode).toBeLessThan(300);
    return mandate.id;
  }

  /** Each screen through axe, collected so one assertion lists every problem. */
  const violations: string[] = [];
  const audit = async (page: Page, screen: string) => {
    for (const violation of await accessibilityViolations(page)) violations.push(`${screen} → ${violation}`);
  };

  /**
   * axe needs timers, which a page without JavaScript does not run: the markup the server sent
   * (scripts taken out, so the app does not change it) is audited in a page that has them.
   */
  let auditor: Page | undefined;
  const auditWithoutJavaScript = async (page: Page, screen: string) => {
    auditor ??= await openPage(browser);
    const html = (await page.content())
      .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
      .replace('<head>', `<head><base href="${server.url}/">`);
    await auditor.setContent(html, { waitUntil: 'load' });
    await audit(auditor, screen);
  };

  it(
    'without JavaScript, keyboard only: reply to the agent, add a document, see it, delete it, change settings, take back a consent',
    async () => {
      const reference = await dossierAwaitingInformation('marie-dupont');
      const page = await openPage(browser, { javaScriptEnabled: false });
      page.setDefaultTimeout(30_000);
      const keys = new DocumentsPage(page);
      await signInByKeyboard(page, server.url, 'marie-dupont', '/requests');

      // My requests: the dossier is on the page the server sent, not "Loading…".
      await page.locator('h1', { hasText: 'Mes demandes' }).waitFor();
      const card = page.locator('.card', { has: page.locator(`a[href="/requests/${reference}"]`) });
      expect(await card.locator('.status').textContent()).toBe('Il nous manque une information');
      expect(await page.getByText('Chargement').count()).toBe(0);
      await auditWithoutJavaScript(page, 'my requests');

      // The dossier and the agent's question; an empty answer comes back with the error.
      await keys.tabTo(`a[href="/requests/${reference}"]`);
      await page.keyboard.press('Enter');
      await page.locator('blockquote', { hasText: 'certificat médical' }).first().waitFor();
      await auditWithoutJavaScript(page, 'dossier');
      await keys.tabTo('form#information button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/requests/${reference}/information`);
      expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Répondez à cette question']);
      await auditWithoutJavaScript(page, 'dossier, answer refused');
      await keys.tabTo('#information-message');
      await page.keyboard.type('Envoyé par courrier ce matin.');
      await keys.tabTo('form#information button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/requests/${reference}?notice=information_sent`);
      await page.locator('.notice[role=status]', { hasText: 'Votre réponse est envoyée' }).waitFor();
      expect(await page.locator('.lead .status').textContent()).toBe('En cours d’examen');
      expect(await page.locator('blockquote', { hasText: 'Envoyé par courrier ce matin.' }).count()).toBe(1);
      await auditWithoutJavaScript(page, 'dossier, answered');

      // My documents: the form posts the file itself (multipart), errors first.
      await page.goto(`${server.url}/documents`);
      await page.locator('h1', { hasText: 'Mes documents' }).waitFor();
      await auditWithoutJavaScript(page, 'documents, empty');
      await keys.tabTo('a[href="/documents?add"]');
      await page.keyboard.press('Enter');
      await keys.verifyUploadForm();
      await auditWithoutJavaScript(page, 'upload form');
      await keys.type('document-name', 'Certificat médical');
      await keys.submit();
      await page.locator('.error-summary').waitFor();
      expect(await page.locator('.error-summary li').allTextContents()).toEqual([
        'Choisissez le type de document',
        'Choisissez un fichier',
      ]);
      expect(await page.locator('#document-name').inputValue()).toBe('Certificat médical');
      await auditWithoutJavaScript(page, 'upload form, refused');
      await keys.chooseRadio('document-kind', 4);
      await keys.chooseFile('document-file', { name: 'certificat.pdf', mimeType: 'application/pdf', buffer: scan() });
      await keys.submit();
      await page.waitForURL((url) => url.pathname === '/documents' && url.searchParams.has('added'));
      await page.locator('.notice[role=status]', { hasText: 'Certificat médical' }).waitFor();
      await auditWithoutJavaScript(page, 'documents, one added');
      const stored = await server.database.db.selectFrom('document').selectAll().executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ name: 'Certificat médical', kind: 'other', media_type: 'application/pdf' });

      // See it, then delete it after the question.
      await keys.tabTo(`a[href="/documents?document=${stored.id}"]`);
      await page.keyboard.press('Enter');
      await page.locator('h1', { hasText: 'Certificat médical' }).waitFor();
      expect(await page.locator('a[download]').getAttribute('href')).toBe(`/api/documents/${stored.id}/content`);
      await auditWithoutJavaScript(page, 'document');
      await keys.tabTo(`a[href="/documents?document=${stored.id}&delete"]`);
      await page.keyboard.press('Enter');
      await page.getByText('Supprimer « Certificat médical » ?').waitFor();
      await auditWithoutJavaScript(page, 'document, delete question');
      await keys.tabTo('form#delete-document-form button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/documents?deleted=1`);
      await page.locator('.notice[role=status]', { hasText: 'Le document a été supprimé.' }).waitFor();
      expect(await server.database.db.selectFrom('document').select('id').execute()).toEqual([]);

      // The account: contact preferences and taking back a consent are plain form posts too.
      const mandate = await mandateOfMarie();
      await page.goto(`${server.url}/account`);
      await page.locator('h1', { hasText: 'Mon compte' }).waitFor();
      await auditWithoutJavaScript(page, 'account');
      const emailBefore = await page.locator('#preferences-email').isChecked();
      await keys.tabTo('#preferences-email');
      await page.keyboard.press('Space');
      await keys.tabTo('form#preferences button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/account?notice=preferences_saved`);
      await page.locator('.notice[role=status]', { hasText: 'Vos préférences sont enregistrées.' }).waitFor();
      expect(await page.locator('#preferences-email').isChecked()).toBe(!emailBefore);
      await auditWithoutJavaScript(page, 'account, saved');
      await keys.tabTo(`form#revoke-${mandate} button[type=submit]`);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/account?notice=mandate_revoked`);
      await page.locator('.notice', { hasText: 'Votre accord est retiré.' }).waitFor();
      expect(await page.locator(`form#revoke-${mandate}`).count()).toBe(0);
      await auditWithoutJavaScript(page, 'account, consent taken back');
      expect(violations).toEqual([]);
    },
    journeyTimeout,
  );

  it(
    'with JavaScript, keyboard only: the same pages come from the server and the app takes them over (delete a document, change settings)',
    async () => {
      const reference = await dossierAwaitingInformation('jean-martin');
      const page = await openPage(browser);
      const keys = new DocumentsPage(page);
      await signInByKeyboard(page, server.url, 'jean-martin', `/requests/${reference}`);
      await page.locator('blockquote', { hasText: 'certificat médical' }).first().waitFor();
      await keys.tabTo('#information-message');
      await page.keyboard.type('Le voici.');
      await keys.tabTo('form#information button[type=submit]');
      await page.keyboard.press('Enter');
      // Sent by the app: the page stays, says so, and shows the new status.
      await page.locator('.notice[role=status]', { hasText: 'Votre réponse est envoyée' }).waitFor();
      await page.locator('.lead .status', { hasText: 'En cours d’examen' }).waitFor();
      expect(page.url()).toBe(`${server.url}/requests/${reference}`);
      await audit(page, 'dossier, answered (JavaScript)');

      await page.goto(`${server.url}/documents?add`);
      await keys.verifyUploadForm();
      await keys.type('document-name', 'Avis d’imposition');
      await keys.chooseRadio('document-kind', 2);
      await keys.chooseFile('document-file', { name: 'avis.pdf', mimeType: 'application/pdf', buffer: scan() });
      await keys.submit();
      await page.waitForURL((url) => url.pathname === '/documents' && url.searchParams.has('added'));
      await page.locator('.notice[role=status]', { hasText: 'Avis d’imposition' }).waitFor();
      const stored = await server.database.db
        .selectFrom('document')
        .selectAll()
        .where('name', '=', 'Avis d’imposition')
        .executeTakeFirstOrThrow();
      await keys.tabTo(`a[href="/documents?document=${stored.id}"]`);
      await page.keyboard.press('Enter');
      await page.locator('h1', { hasText: 'Avis d’imposition' }).waitFor();
      await keys.tabTo(`a[href="/documents?document=${stored.id}&delete"]`);
      await page.keyboard.press('Enter');
      const question = page.getByText('Supprimer « Avis d’imposition » ?');
      await question.waitFor();
      // The question takes focus, so a screen reader reads it first.
      await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Supprimer « Avis'));
      await audit(page, 'document, delete question (JavaScript)');
      await keys.tabTo('form#delete-document-form button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/documents?deleted=1`);
      await page.locator('.notice[role=status]', { hasText: 'Le document a été supprimé.' }).waitFor();
      expect(await server.database.db.selectFrom('document').select('id').where('id', '=', stored.id).execute()).toEqual([]);

      await page.goto(`${server.url}/account`);
      await page.locator('h1', { hasText: 'Mon compte' }).waitFor();
      const smsBefore = await page.locator('#preferences-sms').isChecked();
      await keys.tabTo('#preferences-sms');
      await page.keyboard.press('Space');
      await keys.tabTo('form#preferences button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/account?notice=preferences_saved`);
      await page.locator('.notice[role=status]', { hasText: 'Vos préférences sont enregistrées.' }).waitFor();
      expect(await page.locator('#preferences-sms').isChecked()).toBe(!smsBefore);
      expect(page.errors).toEqual([]);
      expect(violations).toEqual([]);
    },
    journeyTimeout,
  );
});
