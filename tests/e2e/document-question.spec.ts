import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { DocumentsPage } from './pages/documents.page.ts';
import { ProcedurePage } from './pages/procedure.page.ts';
import { signedInPage } from './pages/sign-in.page.ts';

/** A small PDF, as a scanner gives it. */
function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

/**
 * A procedure's document question: a file chosen and then "Continue" pressed (without "Send this
 * file" first) is sent through the outbox, becomes the answer, and the step moves on with it.
 */
describe.skipIf(!browserAvailable)('A document question, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keyboard only: a file chosen then "Continue" is sent, kept as the answer, and the next step opens', async () => {
    const step = '/procedures/resident-parking-permit/steps/proof';
    const page = await signedInPage(browser, server.url, 'jean-martin', step);
    const form = new ProcedurePage(page);
    await form.verifyStep('Justificatif de domicile');
    await page.getByText('Vous n’avez pas encore de document de ce type').waitFor();

    await new DocumentsPage(page).chooseFile('procedure-proof_of_address.new', {
      name: 'quittance-loyer.pdf',
      mimeType: 'application/pdf',
      buffer: pdf(40_000),
    });
    await form.continue();
    await form.verifyStep('Votre véhicule');

    const identity = await server.database.db
      .selectFrom('person_identity')
      .select('person_id')
      .where('subject', '=', 'jean-martin')
      .executeTakeFirstOrThrow();
    const stored = await server.database.db.selectFrom('document').selectAll().where('person_id', '=', identity.person_id).execute();
    expect(stored.map((document) => [document.name, document.kind])).toEqual([['quittance-loyer', 'proof_of_address']]);

    // Back on the question: the document sent is the answer.
    await form.tabTo('a.back-link');
    await page.keyboard.press('Enter');
    await form.verifyStep('Justificatif de domicile');
    const answer = page.locator(`input[name=proof_of_address][value="${stored[0]?.id ?? ''}"]`);
    await answer.waitFor();
    expect(await answer.isChecked()).toBe(true);
    expect(page.errors).toEqual([]);
  }, 120_000);
});
