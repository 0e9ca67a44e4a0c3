import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { documentUploadPath } from '../../src/shared/documents.ts';
import { uploadChunkBytes } from '../../src/app/documents/resumable-upload.ts';
import { browserAvailable, launchBrowser } from '../support/browser.ts';
import { startNetworkGate, type NetworkGate } from '../support/network-gate.ts';
import { createProfile, waitForServiceWorker, type Profile } from '../support/persistent-browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { DocumentsPage } from './pages/documents.page.ts';
import { OutboxStatus } from './pages/outbox.page.ts';
import { ProcedurePage } from './pages/procedure.page.ts';
import { accessibilityViolations } from './axe.ts';
import { signInByKeyboard, signedInPage } from './pages/sign-in.page.ts';

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

  const signedIn = (persona: string, returnTo: string, basePath?: '/auth' | '/agent/auth') =>
    signedInPage(browser, server.url, persona, returnTo, basePath);

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
    await page.waitForURL(/\/procedures\/resident-parking-permit\/confirmation\/GU-\d{4}-\d{6,}$/);
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

/** A PDF as a scanner gives it: large enough to travel in several chunks. */
function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** The document's content as the citizen downloads it, hashed in the page (the bytes stay there). */
function downloadedHash(page: Page, id: string): Promise<string> {
  return page.evaluate(async (url) => {
    const digest = await crypto.subtle.digest('SHA-256', await (await fetch(url)).arrayBuffer());
    return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  }, `/api/documents/${id}/content`);
}

/** The upload form, filled by keyboard: a name, "income", and the file. */
async function addDocument(documents: DocumentsPage, name: string, content: Buffer): Promise<void> {
  await documents.type('document-name', name);
  await documents.chooseRadio('document-kind', 2);
  await documents.chooseFile('document-file', { name: 'avis.pdf', mimeType: 'application/pdf', buffer: content });
  await documents.submit();
}

describe.skipIf(!browserAvailable)('Documents through the outbox, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };
  let gate: NetworkGate;
  let profile: Profile | undefined;
  /** What the server received of each upload: every PATCH's offset and length, and the HEADs. */
  const received: { method: string; offset: number; bytes: number }[] = [];
  const setOnline = async (context: BrowserContext, online: boolean) => {
    gate.setOpen(online);
    await context.setOffline(!online);
  };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
    gate = await startNetworkGate(server.url);
    server.app.server.on('request', (request: IncomingMessage) => {
      if (!request.url?.startsWith(`${documentUploadPath}/`) || !['PATCH', 'HEAD'].includes(request.method ?? '')) return;
      received.push({
        method: request.method ?? '',
        offset: Number(request.headers['upload-offset'] ?? -1),
        bytes: Number(request.headers['content-length'] ?? 0),
      });
    });
  });
  afterEach(async () => {
    gate.setOpen(true);
    await profile?.remove();
    profile = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await gate?.close();
    await server?.close();
  });

  const documentsNamed = (name: string) => server.database.db.selectFrom('document').selectAll().where('name', '=', name).execute();

  it('offline: a document saved on the phone waits across a restart, then reaches the locker once, byte for byte', async () => {
    const name = 'Avis d’imposition hors ligne';
    const content = pdf(uploadChunkBytes * 2 + 300_000);
    profile = await createProfile();
    let { context, page } = await profile.open();
    // Signing in comes back to the server's own address; the session cookie is the host's, so it comes through the gate too.
    await signInByKeyboard(page, gate.url, 'marie-dupont', '/documents');
    await page.goto(`${gate.url}/documents`);
    await waitForServiceWorker(page);
    await page.reload();
    const documents = new DocumentsPage(page);
    await documents.verifyList();
    await documents.tabTo('a[href="/documents?add"]');
    await page.keyboard.press('Enter');
    await documents.verifyUploadForm();

    // Airplane mode: the document is kept on the phone, and the form says so.
    await setOnline(context, false);
    await addDocument(documents, name, content);
    await page
      .locator('.upload-progress [role=status]', { hasText: 'Hors ligne : votre document est enregistré sur ce téléphone.' })
      .waitFor();
    await new OutboxStatus(page).waitForText('Hors ligne — enregistré sur ce téléphone. En attente d’envoi (1)');
    expect(await page.inputValue('#document-name')).toBe('');
    expect(await accessibilityViolations(page), 'upload form, saved on the phone').toEqual([]);

    await documents.tabTo('a.button[href="/documents"]');
    await page.keyboard.press('Enter');
    const waiting = await new OutboxStatus(page).section(/En attente d’envoi \(1\)/);
    await waiting.getByText(name).waitFor();
    await waiting.getByText('Enregistré sur ce téléphone : il partira tout seul dès que le réseau revient.').waitFor();
    expect(await accessibilityViolations(page), 'my documents with one waiting').toEqual([]);
    await context.close();

    // The phone restarts, still offline: the document is still waiting, nothing reached the server.
    gate.setOpen(false);
    ({ context, page } = await profile.open({ offline: true }));
    await page.goto(`${gate.url}/outbox`);
    const pending = await new OutboxStatus(page).section(/En attente d’envoi \(1\)/);
    await pending.getByText(new RegExp(`« ${name} » \\(avis\\.pdf, [\\d,]+ Mo\\)`)).waitFor();
    await pending.getByText('Il partira tout seul dès que le réseau revient.').waitFor();
    expect(await accessibilityViolations(page), 'outbox with an upload').toEqual([]);
    expect(await documentsNamed(name)).toEqual([]);

    // Back online. Restarting the browser ended the session (its cookie lives as long as the browser):
    // the document waits for the citizen to sign in again (never "sent", never dropped), then goes
    // by itself, once, and the page says so.
    await setOnline(context, true);
    const status = new OutboxStatus(page);
    await status.waitForText('En attente de votre connexion', 30_000);
    const waitingForSignIn = await status.section(/En attente d’envoi \(1\)/);
    await waitingForSignIn.getByText(new RegExp(`« ${name} »`)).waitFor();
    await waitingForSignIn.getByText('En attente de votre connexion').waitFor();
    expect(await accessibilityViolations(page), 'outbox with an upload waiting for sign-in').toEqual([]);
    expect(await documentsNamed(name)).toEqual([]);
    // The identity provider still knows the citizen: signing in comes straight back to the server's own address.
    const outbox = new DocumentsPage(page);
    await outbox.tabTo('a[href="/auth/login?return=%2Foutbox"]');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/outbox' && url.origin !== gate.url);
    await page.goto(`${gate.url}/outbox`);
    await status.waitForText('Envoyé', 30_000);
    await expect.poll(async () => (await documentsNamed(name)).length, { timeout: 30_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [stored] = await documentsNamed(name);
    expect(await documentsNamed(name)).toHaveLength(1);
    expect(stored).toMatchObject({ media_type: 'application/pdf', kind: 'income', size: content.length });
    await page.getByText('Aucune demande n’attend sur cet appareil : tout a été envoyé.').waitFor();
    expect(await downloadedHash(page, stored?.id ?? '')).toBe(sha256(content));

    await page.goto(`${gate.url}/documents`);
    await page.locator('.card', { hasText: name }).waitFor();
    expect(await page.locator('#documents-waiting').count()).toBe(0);
    expect(page.errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('a connection cut in the middle of an upload: kept on the phone, then finished from the server’s offset, not from zero', async () => {
    const name = 'Avis d’imposition coupé';
    const content = pdf(uploadChunkBytes * 3 + 200_000);
    const page = await signedInPage(browser, server.url, 'jean-martin', '/documents?add');
    const documents = new DocumentsPage(page);
    await documents.verifyUploadForm();

    // Two chunks arrive, then the line stays down for every later chunk.
    let patches = 0;
    let down = false;
    await page.context().route(`**${documentUploadPath}/*`, async (route) => {
      if (route.request().method() === 'PATCH' && (patches += 1) === 3) down = true;
      if (down && route.request().method() === 'PATCH') await route.abort('internetdisconnected');
      else await route.continue();
    });
    received.length = 0;
    await addDocument(documents, name, content);
    await page
      .locator('.upload-progress [role=status]', {
        hasText: 'La connexion ne répond pas : votre document est enregistré sur ce téléphone.',
      })
      .waitFor({ timeout: 30_000 });
    expect(await accessibilityViolations(page), 'upload form, kept after a cut').toEqual([]);

    // Before signing out, the account page says what signing out would erase.
    await page.goto(`${server.url}/account`);
    const warning = page.locator('#sign-out-heading ~ .notice');
    await warning.getByText('Encore 1 envoi(s) en attente sur ce téléphone, documents compris', { exact: false }).waitFor();
    expect(await accessibilityViolations(page), 'account page with a document waiting').toEqual([]);

    // Still cut while the outbox page opens (its start-up replay tries, and keeps it); then the line
    // is back and the citizen asks for it to be sent now.
    await documents.tabTo('#sign-out-heading ~ .notice a[href="/outbox"]');
    await page.keyboard.press('Enter');
    const pending = await new OutboxStatus(page).section(/En attente d’envoi \(1\)/);
    const percent = Math.floor(((2 * uploadChunkBytes) / content.length) * 100);
    await pending.getByText(`${percent} % déjà envoyé : l’envoi reprendra là où il s’est arrêté dès que le réseau revient.`).waitFor();
    down = false;
    await documents.tabTo('button:has-text("Réessayer maintenant")');
    await page.keyboard.press('Enter');
    await new OutboxStatus(page).waitForText('Envoyé', 30_000);
    await expect.poll(async () => (await documentsNamed(name)).length, { timeout: 30_000 }).toBe(1);

    // Every chunk reached the server once: nothing was sent again from zero.
    const sent = received.filter((request) => request.method === 'PATCH');
    expect(sent.map((request) => request.offset)).toEqual([0, 1, 2, 3].map((chunk) => chunk * uploadChunkBytes));
    expect(sent.reduce((total, request) => total + request.bytes, 0)).toBe(content.length);
    expect(received.filter((request) => request.method === 'HEAD').length).toBeGreaterThan(0);
    const [stored] = await documentsNamed(name);
    expect(await downloadedHash(page, stored?.id ?? '')).toBe(sha256(content));
    expect(page.errors.filter((error) => !error.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('a procedure’s document question: offline the new document waits on the phone, and becomes the answer once sent', async () => {
    const page = await signedInPage(browser, server.url, 'lucie-bernard', '/procedures/resident-parking-permit');
    const form = new ProcedurePage(page);
    await form.tabTo('a.button[href="/procedures/resident-parking-permit/steps/address"]');
    await page.keyboard.press('Enter');
    await page.locator('form#procedure').waitFor();
    await form.type('address.line1', '8 rue du Pont');
    await form.type('address.postcode', '87000');
    await form.type('address.city', 'Limoges');
    await form.tabTo('#procedure-resident_since');
    await page.keyboard.press('Tab');
    await page.keyboard.type('9');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2022');
    await form.continue();
    await page.getByText('Vous n’avez pas encore de document de ce type dans « Mes documents ».').waitFor();

    await page.context().setOffline(true);
    const documents = new DocumentsPage(page);
    await documents.chooseFile('procedure-proof_of_address.new', {
      name: 'quittance.pdf',
      mimeType: 'application/pdf',
      buffer: pdf(40_000),
    });
    await documents.tabTo('button:has-text("Envoyer ce fichier")');
    await page.keyboard.press('Enter');
    await page
      .locator('.upload-progress [role=status]', { hasText: 'Hors ligne : votre document est enregistré sur ce téléphone.' })
      .waitFor();
    await page
      .getByText(
        '« quittance » est enregistré sur ce téléphone et partira dès que le réseau revient. Vous pourrez continuer avec ce document une fois qu’il sera envoyé.',
        { exact: false },
      )
      .waitFor();
    expect(await accessibilityViolations(page), 'document question, saved on the phone').toEqual([]);
    expect(await documentsNamed('quittance')).toEqual([]);

    // Back online, the page sends it by itself; the answer is the new document.
    await page.context().setOffline(false);
    await page.getByText('« quittance » est envoyé : il est choisi pour cette question.').waitFor({ timeout: 30_000 });
    const [stored] = await documentsNamed('quittance');
    expect(await page.isChecked(`input[name=proof_of_address][value="${stored?.id ?? ''}"]`)).toBe(true);
    expect(await accessibilityViolations(page), 'document question, sent').toEqual([]);
    await form.continue();
    await page.locator('#procedure-registration').waitFor();
    expect(page.errors.filter((error) => !error.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await page.context().close();
  }, 120_000);
});
