import { crc32, deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { DocumentsPage } from './pages/documents.page.ts';
import { ProcedurePage } from './pages/procedure.page.ts';
import { accessibilityViolations } from './axe.ts';
import { signInByKeyboard } from './pages/sign-in.page.ts';

/** A real PNG, 2,400 × 1,200 pixels, as a phone camera or a scanner would give (the browser must shrink it). */
function photo(): Buffer {
  const width = 2400;
  const height = 1200;
  const row = Buffer.alloc(1 + width * 3);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      row[1 + x * 3] = (x * 7 + y) % 256;
      row[2 + x * 3] = (y * 5) % 256;
      row[3 + x * 3] = ((x ^ y) * 3) % 256;
    }
    rows.push(Buffer.from(row));
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8);
  header.writeUInt8(2, 9);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe.skipIf(!browserAvailable)('My documents, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = async (persona: string, returnTo: string, basePath: '/auth' | '/agent/auth' = '/auth') => {
    const page = await openPage(browser);
    await signInByKeyboard(page, server.url, persona, returnTo, basePath);
    return page;
  };

  it('keyboard only: a photo added to the locker, then reused in the parking permit with no new upload', async () => {
    const page = await signedIn('marie-dupont', '/documents');
    const documents = new DocumentsPage(page);
    await documents.verifyList();
    expect(await accessibilityViolations(page), 'empty list').toEqual([]);

    await documents.tabTo('a[href="/documents?add"]');
    await page.keyboard.press('Enter');
    await documents.verifyUploadForm();
    expect(await accessibilityViolations(page), 'upload form').toEqual([]);

    // Nothing filled in: one summary lists every problem, the file's included.
    await documents.submit();
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    expect(await page.locator('.error-summary li').allTextContents()).toEqual([
      'Donnez un nom au document',
      'Choisissez le type de document',
      'Choisissez un fichier',
    ]);
    expect(await accessibilityViolations(page), 'upload form with errors').toEqual([]);

    const soon = new Date(Date.now() + 10 * 86_400_000);
    await documents.type('document-name', 'Facture d’électricité');
    await documents.chooseRadio('document-kind', 1);
    await documents.type('document-expires_on', String(soon.getUTCDate()));
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(soon.getUTCMonth() + 1));
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(soon.getUTCFullYear()));
    const original = photo();
    await documents.chooseFile('document-file', { name: 'facture.png', mimeType: 'image/png', buffer: original });
    await documents.submit();
    await page.waitForURL((url) => url.pathname === '/documents' && url.searchParams.has('added'));
    await page.locator('.notice[role=status]', { hasText: 'Facture d’électricité' }).waitFor();
    const card = page.locator('.card', { hasText: 'Facture d’électricité' });
    await card.waitFor();
    expect(await card.textContent()).toContain('Expire bientôt');
    expect(await accessibilityViolations(page), 'list with a document').toEqual([]);

    // Re-encoded on the phone: a JPEG, at most 2,000 px on its long side, smaller than the PNG.
    const stored = await server.database.db.selectFrom('document').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ media_type: 'image/jpeg', kind: 'proof_of_address', name: 'Facture d’électricité' });
    expect(stored.size).toBeLessThan(original.length);

    await documents.tabTo(`a[href="/documents?document=${stored.id}"]`);
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'Facture d’électricité' }).waitFor();
    await page.locator('a[download]').waitFor();
    expect(await accessibilityViolations(page), 'document page').toEqual([]);
    await documents.tabTo('#keep-on-phone ~ .button-group button[aria-pressed]');
    await page.keyboard.press('Space');
    await page.locator('[role=status]', { hasText: 'gardé sur ce téléphone' }).waitFor();
    expect(await page.evaluate(async () => (await caches.keys()).includes('guichet-kept-documents'))).toBe(true);

    // The parking permit: its proof of address is chosen among the locker's documents.
    await page.goto(`${server.url}/procedures/resident-parking-permit`);
    const form = new ProcedurePage(page);
    await form.tabTo('a.button[href="/procedures/resident-parking-permit/steps/address"]');
    await page.keyboard.press('Enter');
    await page.locator('form#procedure').waitFor();
    await form.type('address.line1', '3 place du Marché');
    await form.type('address.postcode', '87000');
    await form.type('address.city', 'Limoges');
    // Resident since: the day may stay empty, the month and the year are enough.
    await form.tabTo('#procedure-resident_since');
    await page.keyboard.press('Tab');
    await page.keyboard.type('4');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2021');
    await form.continue();
    await page.locator(`input[name=proof_of_address][value="${stored.id}"]`).waitFor();
    expect(await accessibilityViolations(page), 'proof step with a locker document').toEqual([]);
    await form.chooseRadio('proof_of_address', 0);
    await form.continue();
    await page.locator('#procedure-registration').waitFor();
    await form.type('registration', 'AB-123-CD');
    await form.chooseRadio('ownership', 0);
    await form.chooseRadio('electric', 1);
    await form.continue();
    await page.locator('#procedure-phone').waitFor();
    await form.continue();
    await form.verifyHeading('Vérifiez vos réponses');
    await page.locator('.summary', { hasText: 'Facture d’électricité' }).waitFor();
    await form.tabTo('form#procedure-check button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/procedures\/resident-parking-permit\/confirmation\/GU-\d{4}-\d{6}$/);
    const reference = (await page.locator('.panel__reference').textContent()) ?? '';

    const attached = await server.database.db.selectFrom('dossier_document').selectAll().execute();
    expect(attached).toEqual([expect.objectContaining({ document_id: stored.id, question: 'proof_of_address' })]);
    expect(await server.database.db.selectFrom('document').select('id').execute()).toHaveLength(1);

    // The mobility case handler sees it on the dossier; opening it is audited and shown to the citizen.
    const agent = await signedIn('julien-roux', `/agent/dossiers/${reference}`, '/agent/auth');
    const link = agent.locator('#case-documents ~ ul a[download]');
    await link.waitFor();
    expect(await accessibilityViolations(agent), 'case page with documents').toEqual([]);
    const href = (await link.getAttribute('href')) ?? '';
    expect(await agent.evaluate(async (url) => (await fetch(url)).status, href)).toBe(200);
    await page.goto(`${server.url}/documents`);
    await page.locator('#document-viewings ~ ul li', { hasText: 'Julien Roux' }).waitFor();

    // Signing out takes the document kept on this phone with it.
    expect(await page.evaluate(() => caches.has('guichet-kept-documents'))).toBe(true);
    await page.goto(`${server.url}/account`);
    await documents.tabTo('button:has-text("Se déconnecter")');
    await page.keyboard.press('Enter');
    await page.getByText('Votre session est terminée et ce qui vous concernait a été effacé de cet appareil.').waitFor();
    await expect.poll(() => page.evaluate(() => caches.has('guichet-kept-documents'))).toBe(false);
    expect(page.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
  }, 180_000);
});
