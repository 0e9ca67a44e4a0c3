import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startNetworkGate, type NetworkGate } from '../support/network-gate.ts';
import { createProfile, waitForServiceWorker, type Profile } from '../support/persistent-browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { canteenAnswers } from '../../src/shared/procedures/school-canteen.example.ts';
import { accessibilityViolations } from './axe.ts';
import { CallbackRequestPage } from './pages/callback-request.page.ts';
import { OutboxStatus } from './pages/outbox.page.ts';
import { signInByKeyboard } from './pages/sign-in.page.ts';

/**
 * Serves a changed sw.js (and its precompressed copies) as a new deployment would; the browser
 * fetches the worker script itself, outside any page's routing. Returns what puts the build back.
 */
async function deployNextServiceWorker(): Promise<() => Promise<void>> {
  const file = path.resolve(import.meta.dirname, '../../dist/client/sw.js');
  const originals = await Promise.all(['', '.br', '.gz'].map(async (suffix) => [suffix, await readFile(file + suffix)] as const));
  const next = Buffer.from(`${await readFile(file, 'utf8')}\n// next version\n`);
  await writeFile(file, next);
  await writeFile(`${file}.br`, brotliCompressSync(next));
  await writeFile(`${file}.gz`, gzipSync(next));
  return async () => {
    for (const [suffix, content] of originals) await writeFile(file + suffix, content);
  };
}

/** The whole form, by keyboard only. */
async function askForCallback(page: Page, phone: string): Promise<void> {
  const form = new CallbackRequestPage(page);
  await form.verifyOnPage();
  await form.typePhone(phone);
  await form.chooseRadio('topic', 3);
  await form.chooseRadio('window', 0);
  await form.submit();
}

describe.skipIf(!browserAvailable)('Offline, in Chromium with the service worker', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let profile: Profile | undefined;
  let gate: NetworkGate;
  /** The page's view of the network and the real one, switched together. */
  const setOnline = async (context: BrowserContext, online: boolean) => {
    gate.setOpen(online);
    await context.setOffline(!online);
  };
  /** Call-back requests that reached the server, counted where they arrive. */
  let posts = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    gate = await startNetworkGate(server.url);
    server.app.server.on('request', (request: { method?: string; url?: string }) => {
      if (request.method === 'POST' && request.url === '/api/callback-requests') posts += 1;
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

  const storedRequests = async () =>
    Number(
      (
        await server.database.db
          .selectFrom('callback_request')
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  /** Waits until the server stored `count` requests, then lets any duplicate sender have its chance. */
  async function waitForStored(count: number) {
    await expect.poll(storedRequests, { timeout: 15_000 }).toBe(count);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }

  it('after one visit: opens in airplane mode, shows kept data with its time, and a request waits across a restart, then is sent once', async () => {
    profile = await createProfile();
    let { context, page } = await profile.open();
    await page.goto(`${gate.url}/callback`);
    await waitForServiceWorker(page);

    // Online: a request goes at once, and its status is read (and kept) on "my requests".
    await askForCallback(page, '06 12 34 56 78');
    await page.waitForURL(/\/callback\/confirmation\/RAP-/);
    const status = new OutboxStatus(page);
    await status.waitForText('Envoyé');
    await page.goto(`${gate.url}/callback/mine`);
    await page.getByText('Reçue : un agent va vous appeler').waitFor();
    await page.getByText(/^Mis à jour le /).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Airplane mode: pages come from the shell, the status from the device's copy, with its time.
    await setOnline(context, false);
    await page.goto(`${gate.url}/callback/mine`);
    await page.getByText('Reçue : un agent va vous appeler').waitFor();
    await page.getByText(/^Hors ligne : informations du /).waitFor();
    await page.goto(`${gate.url}/callback`);
    const sentBefore = posts;
    await askForCallback(page, '07 98 76 54 32');
    await page.getByText('Hors ligne : votre demande est enregistrée sur ce téléphone.').waitFor();
    await status.waitForText('Hors ligne — enregistré sur ce téléphone. En attente d’envoi (1)');
    expect(await page.inputValue('#callback-phone')).toBe('');
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();

    // The phone restarts, still offline: the request is still there.
    gate.setOpen(false);
    ({ context, page } = await profile.open({ offline: true }));
    await page.goto(`${gate.url}/outbox`);
    const waiting = await new OutboxStatus(page).section(/En attente d’envoi \(1\)/);
    await waiting.getByText('Demande de rappel').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(posts).toBe(sentBefore);

    // Back online: it goes, once, and the page says so.
    await setOnline(context, true);
    await new OutboxStatus(page).waitForText('Envoyé');
    await waitForStored(2);
    expect(posts).toBe(sentBefore + 1);
    await page.getByText('Aucune demande n’attend sur cet appareil : tout a été envoyé.').waitFor();

    // A shared phone: erasing leaves nothing of the citizen's on the device, not even offline.
    await page.goto(`${gate.url}/callback/mine`);
    await page
      .getByText(/^Mis à jour le /)
      .first()
      .waitFor();
    expect(await page.evaluate(() => caches.has('guichet-personal'))).toBe(true);
    const form = new CallbackRequestPage(page);
    await form.tabTo('button:has-text("Effacer de cet appareil")');
    await page.keyboard.press('Enter');
    await page.getByText('C’est effacé de cet appareil.').waitFor();
    expect(await page.evaluate(() => caches.has('guichet-personal'))).toBe(false);
    await setOnline(context, false);
    await page.reload();
    await page.getByText('Aucune demande n’a encore été envoyée depuis cet appareil.').waitFor();
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('a signed-in citizen’s requests open offline with their time; signing out takes them off the phone', async () => {
    profile = await createProfile();
    let { context, page } = await profile.open();
    // Signing in goes through the provider at the server's own address; the session cookie is the
    // host's, so it comes along through the gate too.
    await signInByKeyboard(page, gate.url, 'marie-dupont', '/requests');
    const csrf = (await context.cookies(server.url)).find((cookie) => cookie.name === 'csrf')?.value ?? '';
    const sent = await context.request.post(`${server.url}/api/dossiers`, {
      headers: { 'x-csrf-token': csrf, 'idempotency-key': `offline-dossier-${Date.now()}`, 'sec-fetch-site': 'same-origin' },
      data: { procedure: 'school-canteen', answers: canteenAnswers },
    });
    expect(sent.status()).toBe(201);
    const { reference } = (await sent.json()) as { reference: string };

    // Online: the list and the dossier are read from the server, and kept.
    await page.goto(`${gate.url}/requests`);
    await waitForServiceWorker(page);
    await page.reload();
    await page.getByText(`Dossier ${reference}`).waitFor();
    await page.getByText(/^Mis à jour le /).waitFor();
    await page.goto(`${gate.url}/requests/${reference}`);
    await page.getByText('Le service a bien reçu votre demande. Un agent va l’examiner. Vous n’avez rien à faire.').waitFor();

    // Airplane mode, after a restart: both open from the phone's copy, saying from when.
    await context.close();
    gate.setOpen(false);
    ({ context, page } = await profile.open({ offline: true }));
    await page.goto(`${gate.url}/requests`);
    await page.getByText(`Dossier ${reference}`).waitFor();
    await page.getByText(/^Hors ligne : informations du /).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const form = new CallbackRequestPage(page);
    await form.tabTo(`a[href="/requests/${reference}"]`);
    await page.keyboard.press('Enter');
    await page.getByText('Le service a bien reçu votre demande. Un agent va l’examiner. Vous n’avez rien à faire.').waitFor();
    await page.getByText(/^Hors ligne : informations du /).waitFor();

    // Back online, the citizen signs out: nothing of theirs stays on the phone.
    await setOnline(context, true);
    await page.goto(`${gate.url}/account`);
    await form.tabTo('button:has-text("Se déconnecter")');
    await page.keyboard.press('Enter');
    await page.getByText('Votre session est terminée et ce qui vous concernait a été effacé de cet appareil.').waitFor();
    await expect.poll(() => page.evaluate(() => caches.has('guichet-personal'))).toBe(false);
    await setOnline(context, false);
    await page.goto(`${gate.url}/requests`);
    await expect.poll(() => page.getByText(`Dossier ${reference}`).count()).toBe(0);
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('without Background Sync (Firefox, Safari): the page sends what waits when the network returns', async () => {
    profile = await createProfile();
    let { context, page } = await profile.open({ withoutBackgroundSync: true });
    await page.goto(`${gate.url}/callback`);
    await waitForServiceWorker(page);
    expect(
      await page.evaluate(async () => ((await navigator.serviceWorker.ready) as unknown as { sync?: unknown }).sync === undefined),
    ).toBe(true);
    const stored = await storedRequests();
    const sentBefore = posts;

    await setOnline(context, false);
    await page.reload();
    await askForCallback(page, '06 11 22 33 44');
    await new OutboxStatus(page).waitForText('Hors ligne — enregistré sur ce téléphone. En attente d’envoi (1)');
    await context.close();

    gate.setOpen(false);
    ({ context, page } = await profile.open({ offline: true, withoutBackgroundSync: true }));
    await page.goto(`${gate.url}/`);
    await new OutboxStatus(page).waitForText(/En attente d’envoi \(1\)/);
    await setOnline(context, true);
    await new OutboxStatus(page).waitForText('Envoyé');
    await waitForStored(stored + 1);
    expect(posts).toBe(sentBefore + 1);
    await context.close();
  });

  it('a 503 keeps the request; a 422 puts it in "needs your attention", where the form reopens with what was typed', async () => {
    const page = await openPage(browser);
    const answers: number[] = [];
    let answer = 503;
    await page.context().route('**/api/callback-requests', async (route) => {
      answers.push(answer);
      await route.fulfill({
        status: answer,
        contentType: 'application/json',
        body: JSON.stringify(
          answer === 422 ? { error: 'validation', fields: { phone: 'callback:errors.phone_invalid' } } : { error: 'internal' },
        ),
      });
    });
    await page.goto(`${server.url}/callback`);
    await askForCallback(page, '06 55 44 33 22');
    await page.getByText('Le service ne répond pas pour le moment : votre demande est enregistrée sur ce téléphone.').waitFor();
    const status = new OutboxStatus(page);
    await status.waitForText('En attente d’envoi (1)');

    const form = new CallbackRequestPage(page);
    await form.tabTo('.outbox-status a[href="/outbox"]');
    await page.keyboard.press('Enter');
    const waiting = await status.section(/En attente d’envoi \(1\)/);
    await form.tabTo('button:has-text("Réessayer maintenant")');
    await page.keyboard.press('Enter');
    await expect.poll(() => answers.length).toBe(2);
    await waiting.getByText('Demande de rappel').waitFor();

    answer = 422;
    await form.tabTo('button:has-text("Réessayer maintenant")');
    await page.keyboard.press('Enter');
    const attention = await status.section(/À vérifier \(1\)/);
    await attention.getByText('Une réponse n’a pas été acceptée. Corrigez-la puis envoyez à nouveau.').waitFor();
    await status.waitForText('À vérifier (1)');
    expect(await accessibilityViolations(page)).toEqual([]);

    await form.tabTo('section a.button');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/callback\?outbox=/);
    await form.verifyOnPage();
    await expect.poll(() => page.inputValue('#callback-phone')).toBe('06 55 44 33 22');
    await page.locator('.error-summary').getByText('Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78').waitFor();
    expect(await page.isChecked('#callback-topic-benefits')).toBe(true);

    await page.context().unrouteAll();
    await form.submit();
    await page.waitForURL(/\/callback\/confirmation\/RAP-/);
    await page.goto(`${server.url}/outbox`);
    await page.getByText('Aucune demande n’attend sur cet appareil : tout a été envoyé.').waitFor();
    expect(answers).toEqual([503, 503, 422]);
    await page.context().close();
  });

  it('a new version waits while a form holds typed input, then reloads once it is sent', async () => {
    profile = await createProfile();
    const { context, page } = await profile.open();
    await page.goto(`${server.url}/callback`);
    await waitForServiceWorker(page);
    const form = new CallbackRequestPage(page);
    await form.typePhone('06 12 34');
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    // A new deployment: the same worker with one byte more is a new version to the browser.
    const restore = await deployNextServiceWorker();
    try {
      await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
    } finally {
      await restore();
    }
    const prompt = page.locator('.update-prompt[role=status]');
    await prompt.getByText('Une nouvelle version de Guichet est prête.').waitFor({ timeout: 15_000 });
    expect(await accessibilityViolations(page)).toEqual([]);

    await form.tabTo('.update-prompt button');
    await page.keyboard.press('Enter');
    await prompt
      .getByText('Envoyez d’abord le formulaire en cours, sinon vos réponses seraient perdues. Ensuite, mettez à jour.')
      .waitFor();
    expect(await page.inputValue('#callback-phone')).toBe('06 12 34');
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);

    await form.tabTo('#callback-phone');
    await page.keyboard.press('End');
    await page.keyboard.type(' 56 78');
    await form.chooseRadio('topic', 0);
    await form.chooseRadio('window', 1);
    await form.submit();
    await page.waitForURL(/\/callback\/confirmation\/RAP-/);
    await form.tabTo('.update-prompt button');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBeUndefined();
    await context.close();
  });
});
