import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { accessibilityViolations } from './axe.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';

/** Records what the page asks the browser to say, instead of sending it to a sound card. */
const recordSpeech = () => {
  const spoken: { text: string; lang: string }[] = [];
  Object.assign(window, { spoken });
  speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => {
    spoken.push({ text: utterance.text, lang: utterance.lang });
  };
};

describe.skipIf(!browserAvailable)('Reading modes and read aloud, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const tabTo = async (page: Awaited<ReturnType<typeof openPage>>, selector: string) => {
    for (let press = 0; press < 30; press += 1) {
      if (await page.locator(selector).evaluate((element) => element === document.activeElement)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Could not reach ${selector} with Tab`);
  };

  it('keyboard only: switches to easy-to-read French in place, and the choice survives a reload', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/callback`);
    expect(await page.locator('h1').textContent()).toBe('Être rappelé');
    await page.waitForFunction(() => document.documentElement.dataset.reading === 'standard');

    await tabTo(page, 'a.reading-switch');
    await page.keyboard.press('Enter');
    await page.locator('legend', { hasText: 'C’est pour quoi ?' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.reading)).toBe('easy');
    expect(await page.locator('.lead').first().textContent()).toBe(
      'Un agent vous appelle. Il répond à vos questions. Il fait la démarche avec vous. C’est gratuit.',
    );
    // Keys without an easy version keep their usual text.
    expect(await page.locator('label[for=callback-name]').textContent()).toContain('Votre nom');
    expect(await page.locator('a.reading-switch').textContent()).toBe('Texte habituel');

    await page.reload();
    expect(await page.locator('legend').first().textContent()).toBe('C’est pour quoi ?');
    expect(await page.evaluate(() => document.documentElement.dataset.reading)).toBe('easy');
    expect(await accessibilityViolations(page)).toEqual([]);

    await tabTo(page, 'a.reading-switch');
    await page.keyboard.press('Enter');
    await page.locator('legend', { hasText: 'C’est à quel sujet ?' }).waitFor();
    expect(page.errors).toEqual([]);
  });

  it('without JavaScript: the switch is a link the server answers', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${server.url}/`);
    await tabTo(page, 'a.reading-switch');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/`);
    expect(await page.locator('h1').textContent()).toBe('Faire vos démarches');
    expect(await page.locator('html').getAttribute('data-reading')).toBe('easy');

    // The key actions' pictograms stay visible in forced colours (Windows high contrast): drawn in
    // the system colour of the text beside them, whatever the palette, never in the page's own
    // colours (dark blue on a black high-contrast background).
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ forcedColors: 'active', colorScheme });
      const colours = await page.locator('.help-bar .pictogram--phone').evaluate((pictogram) => ({
        drawn: getComputedStyle(pictogram).backgroundColor,
        text: getComputedStyle(pictogram.closest('a') ?? document.body).color,
        visible: getComputedStyle(pictogram).display !== 'none',
      }));
      expect(colours.visible).toBe(true);
      expect(colours.drawn).toBe(colours.text);
    }
  });

  it('offers easy reading only where easy-read text exists', async () => {
    const page = await openPage(browser, { locale: 'en-GB' });
    await page.goto(`${server.url}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('a.reading-switch').count()).toBe(0);
  });

  it('reads the page and each question aloud in the page language, and stops on demand', async () => {
    const page = await openPage(browser);
    await page.addInitScript(recordSpeech);
    await page.goto(`${server.url}/callback`);
    const listen = page.getByRole('button', { name: 'Écouter la page' });
    await listen.waitFor();
    await tabTo(page, '.read-aloud button:first-child');
    await page.keyboard.press('Enter');
    const spoken = () => page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);
    const [pageReading] = await spoken();
    expect(pageReading?.lang).toBe('fr');
    // From the page's heading on, without the reading controls' own labels.
    expect(pageReading?.text).toMatch(/^Être rappelé\. /);
    expect(pageReading?.text).toContain('C’est à quel sujet ?');
    expect(pageReading?.text).not.toContain('Écouter la page');
    expect(pageReading?.text).not.toContain('Lire chaque page à voix haute');
    // Nothing reports the end of the (recorded) speech, so the button offers to stop it.
    await page.getByRole('button', { name: 'Arrêter la lecture' }).first().waitFor();
    await page.keyboard.press('Enter');
    await listen.waitFor();

    await tabTo(page, '#callback .read-aloud__question >> nth=1');
    await page.keyboard.press('Enter');
    const questionReading = (await spoken())[1];
    expect(questionReading?.text).toBe(
      'C’est à quel sujet ?. État civil (naissance, mariage, décès). École et cantine. Stationnement. Aides et allocations. Papiers d’identité. Autre question',
    );
    expect(page.errors).toEqual([]);
  });

  it('says when the device has no voice in the page language, and offers the closest one', async () => {
    const page = await openPage(browser);
    await page.addInitScript(recordSpeech);
    // A device with an English voice only (a fake voice needs a settable utterance.voice).
    await page.addInitScript(() => {
      const english = { name: 'Test English', lang: 'en-GB', default: true, localService: true, voiceURI: 'test-english' };
      speechSynthesis.getVoices = () => [english as SpeechSynthesisVoice];
      Object.defineProperty(SpeechSynthesisUtterance.prototype, 'voice', {
        set(this: { chosen?: unknown }, value: unknown) {
          this.chosen = value;
        },
        get(this: { chosen?: unknown }) {
          return this.chosen ?? null;
        },
      });
    });
    await page.goto(`${server.url}/callback`);
    await page.getByRole('button', { name: 'Écouter la page' }).waitFor();
    await tabTo(page, '.read-aloud button:first-child');
    await page.keyboard.press('Enter');
    const notice = page.locator('.read-aloud [role=alert]');
    await notice.filter({ hasText: 'Cet appareil n’a pas de voix en français.' }).waitFor();
    const spoken = () => page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);
    expect(await spoken()).toEqual([]);
    await tabTo(page, '.read-aloud [role=alert] button');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Lire avec la voix « Test English » (anglais)');
    await page.keyboard.press('Enter');
    const [reading] = await spoken();
    expect(reading?.lang).toBe('en-GB');
    expect(reading?.text).toMatch(/^Être rappelé\. /);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(page.errors).toEqual([]);
  });

  it('remembers the choice to read every page aloud', async () => {
    const page = await openPage(browser);
    await page.addInitScript(recordSpeech);
    await page.goto(`${server.url}/`);
    const automatic = page.getByRole('button', { name: 'Lire chaque page à voix haute' });
    await automatic.waitFor();
    expect(await automatic.getAttribute('aria-pressed')).toBe('false');
    await tabTo(page, '.read-aloud .button--link');
    await page.keyboard.press('Space');
    expect(await automatic.getAttribute('aria-pressed')).toBe('true');

    await tabTo(page, '.help-bar a[href="/callback"]');
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'Être rappelé' }).waitFor();
    await page.waitForFunction(() => (window as unknown as { spoken: unknown[] }).spoken.length > 0);
    const text = await page.evaluate(() => (window as unknown as { spoken: { text: string }[] }).spoken[0]?.text);
    expect(text).toContain('Être rappelé');
    await page.reload();
    expect(await page.getByRole('button', { name: 'Lire chaque page à voix haute' }).getAttribute('aria-pressed')).toBe('true');
  });
});
