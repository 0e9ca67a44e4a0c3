import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded one); CHROMIUM_PATH points elsewhere if needed. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run. In CI a missing Chromium is a failure, never a skip; on a
 * developer's machine the tests are skipped with a message saying how to get it.
 */
export const browserAvailable: boolean = (() => {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium is missing at ${chromiumPath}: CI must install it (apt-get install chromium).`);
  console.warn(
    `Browser tests skipped: no Chromium at ${chromiumPath}. Install it with "sudo apt-get install chromium" or set CHROMIUM_PATH.`,
  );
  return false;
})();

/** Flags that keep Chromium quiet on a closed network and runnable as root in containers. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
}

/**
 * A new page in its own context (fresh cookies and storage), phone-sized unless told otherwise.
 * Script errors and CSP violations are collected in `errors`: a spec asserts there were none.
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR', ...options });
  const page = Object.assign(await context.newPage(), { errors: [] as string[] });
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') page.errors.push(message.text());
  });
  return page;
}
