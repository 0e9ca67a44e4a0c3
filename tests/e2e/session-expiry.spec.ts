import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStatusPath } from '../../src/shared/session.ts';
import { browserAvailable, launchBrowser } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { dossiersOfPersona } from '../support/test-database.ts';
import { accessibilityViolations, wcagAndBestPractices } from './axe.ts';
import { OutboxStatus } from './pages/outbox.page.ts';
import { ProcedurePage } from './pages/procedure.page.ts';
import { SignInJourney, signedInPage } from './pages/sign-in.page.ts';

/**
 * The session's end (WCAG 2.2.1), on a 30-second idle time (`SESSION_IDLE_MINUTES=0.5`): the
 * warning comes half-way, 15 seconds before the end (two minutes with the usual 30 minutes).
 * Keyboard only: the warning takes focus, "stay signed in" keeps the session, a session left
 * alone ends with a message that takes focus, and nothing typed is lost across signing in again.
 */
describe.skipIf(!browserAvailable)('The session’s end, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer('pglite', { SESSION_IDLE_MINUTES: '0.5' })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const certificate = '/procedures/civil-status-certificate';
  const warning = (page: Page) => page.locator('dialog.session-dialog[open]');
  const ended = (page: Page) => page.locator('.session-ended');
  /** Seconds the server gives the session, asked without extending it. */
  const secondsLeft = (page: Page) =>
    page.evaluate(async (path) => ((await (await fetch(path)).json()) as { endsInSeconds?: number }).endsInSeconds ?? 0, sessionStatusPath);
  /** axe (WCAG 2.2 AA and best practices) in light, dark and forced colours, and no sideways scroll at 320 px, as the matrix checks. */
  const problemsOf = async (page: Page, label: string) => {
    const found: string[] = [];
    for (const media of [
      { colorScheme: 'light', forcedColors: 'none' },
      { colorScheme: 'dark', forcedColors: 'none' },
      { colorScheme: 'light', forcedColors: 'active' },
    ] as const) {
      await page.emulateMedia(media);
      found.push(...(await accessibilityViolations(page, wcagAndBestPractices)).map((line) => `${label} ${JSON.stringify(media)} ${line}`));
    }
    await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
    await page.setViewportSize({ width: 320, height: 640 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) found.push(`${label} scrolls sideways at 320 px: ${width}px wide`);
    await page.setViewportSize({ width: 390, height: 844 });
    return found;
  };
  const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  const dossiers = () => dossiersOfPersona(server.database.db, 'marie-dupont');
  /** The header: "Se connecter" and no name once the page knows the session ended. */
  const expectSignedOutHeader = async (page: Page) => {
    await page.locator('.account-menu a', { hasText: 'Se connecter' }).waitFor();
    expect(await page.locator('.account-menu__name').count()).toBe(0);
  };
  /** From the focused "session ended" message: Tab to its link, sign in again as Marie, back to `returnTo`. */
  const signInAgain = async (page: Page, returnTo: string) => {
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Se reconnecter');
    await page.keyboard.press('Enter');
    const back = (url: URL) => `${url.pathname}${url.search}` === returnTo;
    // The provider may still know Marie and send her straight back; otherwise she picks herself again.
    const picker = page.locator('button[value="marie-dupont"]');
    const asked = await Promise.race([page.waitForURL(back).then(() => false), picker.waitFor().then(() => true)]);
    if (asked) {
      await new SignInJourney(page).tabTo('button[value="marie-dupont"]');
      await page.keyboard.press('Enter');
      await page.waitForURL(back);
    }
  };

  it('keyboard only: warned before the end (announced, focused), "stay signed in" works; left alone it ends, the header signs out, the message takes focus, signing in again comes back with the answers', async () => {
    const step = `${certificate}/steps/certificate`;
    const page = await signedInPage(browser, server.url, 'marie-dupont', step);
    const form = new ProcedurePage(page);
    await form.verifyStep('Le document voulu');
    await form.chooseRadio('kind', 2);
    await form.type('copies', '2');

    // The warning: a modal alert dialog, named and described, with focus on "stay signed in".
    await warning(page).waitFor({ timeout: 25_000 });
    expect(await warning(page).getAttribute('role')).toBe('alertdialog');
    expect(await page.locator('#session-warning-title').textContent()).toBe('Votre session va bientôt se terminer');
    expect(await page.locator('#session-warning-text').textContent()).toContain('Ce que vous avez saisi reste sur ce téléphone.');
    expect(await focusedText(page)).toBe('Rester connecté');
    expect(await secondsLeft(page)).toBeLessThanOrEqual(15);
    expect(await accessibilityViolations(page, wcagAndBestPractices), 'page with the warning').toEqual([]);
    await page.keyboard.press('Enter');
    await warning(page).waitFor({ state: 'hidden' });
    expect(await secondsLeft(page)).toBeGreaterThan(25);

    // Left alone: warned again, then the end, said with focus on it, and the header signs out.
    await warning(page).waitFor({ timeout: 25_000 });
    await ended(page).waitFor({ timeout: 25_000 });
    await page.waitForFunction(() => document.activeElement?.classList.contains('session-ended'));
    expect(await ended(page).getAttribute('role')).toBe('alert');
    expect(await ended(page).textContent()).toContain('Rien de ce que vous avez saisi n’est perdu');
    expect(await warning(page).count()).toBe(0);
    await expectSignedOutHeader(page);
    expect(await problemsOf(page, 'page with the session ended')).toEqual([]);

    // Signing in again comes back to this step, with what was typed.
    await signInAgain(page, step);
    await form.verifyStep('Le document voulu');
    await page.waitForFunction(() => (document.getElementById('procedure-copies') as HTMLInputElement | null)?.value === '2');
    expect(await page.isChecked('#procedure-kind-full_copy')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('H1');
    expect(page.errors).toEqual([]);
  }, 150_000);

  it('keyboard only: a send after the session ended keeps the answers (never "sent"), says so with focus on the message, and after signing in again the outbox sends them, once', async () => {
    const page = await signedInPage(browser, server.url, 'marie-dupont', `${certificate}/steps/identity`);
    const form = new ProcedurePage(page);
    const outbox = new OutboxStatus(page);
    await form.verifyStep('Votre identité');
    await form.continue();
    await form.verifyStep('Le document voulu');
    await form.chooseRadio('kind', 2);
    await form.type('copies', '1');
    await form.continue();
    await form.verifyStep('La réception');
    await form.chooseRadio('delivery', 1);
    await form.continue();
    await form.verifyStep('Vous joindre');
    await form.continue();
    await form.verifyHeading('Vérifiez vos réponses');

    // The session ends on the server while the page does not know it yet (a phone asleep).
    await server.database.db.deleteFrom('session').execute();
    await form.tabTo('form#procedure-check button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.classList.contains('session-ended'));
    expect(await ended(page).textContent()).toContain('Votre session est terminée');
    await expectSignedOutHeader(page);
    // Signed out, the check page shows the answers and asks for the sign-in before sending; never "a problem on our side".
    await page.locator('main a[href^="/auth/login?return="]').first().waitFor();
    expect(await page.locator('main').textContent()).not.toContain('de notre côté');
    await outbox.waitForText('En attente de votre connexion');
    expect(await outbox.region.textContent()).not.toContain('Envoyé');
    const kept = await page.evaluate(
      () =>
        new Promise<{ state: string; kind: string }[]>((resolve, reject) => {
          const opening = indexedDB.open('guichet');
          opening.onerror = () => reject(opening.error);
          opening.onsuccess = () => {
            const reading = opening.result.transaction('outbox').objectStore('outbox').getAll();
            reading.onsuccess = () => resolve(reading.result as { state: string; kind: string }[]);
          };
        }),
    );
    expect(kept.map((entry) => [entry.kind, entry.state])).toEqual([['dossier-submission', 'waiting-for-sign-in']]);
    expect(await dossiers()).toHaveLength(0);
    expect(await problemsOf(page, 'check page, session ended')).toEqual([]);

    // Signed in again: back on the check page, and the outbox sends what waited, once.
    await signInAgain(page, `${certificate}/check`);
    await form.verifyHeading('Vérifiez vos réponses');
    await expect.poll(async () => (await dossiers()).length, { timeout: 20_000 }).toBe(1);
    await outbox.waitForText('Envoyé');
    // Sending from the page again finds the same dossier (the same idempotency key), not a second one.
    await form.tabTo('form#procedure-check button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/procedures\/civil-status-certificate\/confirmation\/GU-\d{4}-\d{6,}$/);
    const stored = await dossiers();
    expect(stored).toHaveLength(1);
    expect(await page.locator('.panel__reference').textContent()).toBe(stored[0]?.reference);
    expect(stored[0]?.answers).toMatchObject({ kind: 'full_copy', copies: '1', delivery: 'email' });
    expect(page.errors.filter((error) => !error.includes('401'))).toEqual([]);
  }, 150_000);

  it('keyboard only: agents get the same warning and can stay signed in', async () => {
    const page = await signedInPage(browser, server.url, 'julien-roux', '/agent', '/agent/auth');
    await warning(page).waitFor({ timeout: 25_000 });
    expect(await focusedText(page)).toBe('Rester connecté');
    await page.keyboard.press('Enter');
    await warning(page).waitFor({ state: 'hidden' });
    expect(await secondsLeft(page)).toBeGreaterThan(25);
    expect(page.errors).toEqual([]);
  }, 90_000);
});
