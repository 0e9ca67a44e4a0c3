import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';

/**
 * Arabic reads right to left: the whole layout mirrors (logical CSS properties), while phone
 * numbers and references stay left to right. A screenshot at 320 CSS pixels is compared with the
 * committed baseline; after an intended change of layout, update it with
 *
 *   UPDATE_SCREENSHOTS=1 npx vitest run --project e2e tests/e2e/rtl.spec.ts
 *
 * and look at the new PNG before committing it.
 */
const baselineDir = path.join(import.meta.dirname, 'screenshots');
const update = process.env.UPDATE_SCREENSHOTS === '1';
/** Anti-aliasing and font hinting move a few pixels between runs; a layout change moves thousands. */
const pixelThreshold = 0.1;
const maxDifferentPixels = 0.005;

interface Box {
  left: number;
  right: number;
}

async function box(page: Page, selector: string): Promise<Box> {
  const rect = await page.locator(selector).first().boundingBox();
  if (!rect) throw new Error(`${selector} is not on screen`);
  return { left: rect.x, right: rect.x + rect.width };
}

/** The share of pixels that differ from the baseline (the baseline is written when updating). */
function compareWithBaseline(name: string, screenshot: Buffer): number {
  const file = path.join(baselineDir, name);
  if (update || !existsSync(file)) {
    if (!update) throw new Error(`No baseline ${file}: run with UPDATE_SCREENSHOTS=1 to create it, then look at it.`);
    mkdirSync(baselineDir, { recursive: true });
    writeFileSync(file, screenshot);
    return 0;
  }
  const expected = PNG.sync.read(readFileSync(file));
  const actual = PNG.sync.read(screenshot);
  if (expected.width !== actual.width || expected.height !== actual.height) return 1;
  const diff = new PNG({ width: expected.width, height: expected.height });
  const different = pixelmatch(expected.data, actual.data, diff.data, expected.width, expected.height, { threshold: pixelThreshold });
  if (different > 0) writeFileSync(path.join(baselineDir, name.replace(/\.png$/, '.diff.png')), PNG.sync.write(diff));
  return different / (expected.width * expected.height);
}

describe.skipIf(!browserAvailable)('right to left, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The page at 320 CSS pixels in a language, settled: the parts that load after the page are in. */
  async function phoneIn(language: 'ar' | 'fr', pathname: string) {
    const page = await openPage(browser, { viewport: { width: 320, height: 900 }, locale: language, reducedMotion: 'reduce' });
    await page.context().addCookies([{ name: 'lang', value: language, url: server.url }]);
    await page.goto(`${server.url}${pathname}`, { waitUntil: 'networkidle' });
    return page;
  }

  it('mirrors the layout in Arabic and keeps the phone number left to right', async () => {
    const arabic = await phoneIn('ar', '/');
    const french = await phoneIn('fr', '/');
    expect(await arabic.getAttribute('html', 'dir')).toBe('rtl');
    expect(await french.getAttribute('html', 'dir')).toBe('ltr');

    // The brand starts at the right edge in Arabic and at the left in French, with the same margin.
    const [arabicBrand, frenchBrand] = await Promise.all([box(arabic, '.site-header__brand'), box(french, '.site-header__brand')]);
    expect(Math.round(320 - arabicBrand.right)).toBe(Math.round(frenchBrand.left));
    const [arabicCall, frenchCall] = await Promise.all([
      box(arabic, '.help-bar a[href="/callback"]'),
      box(french, '.help-bar a[href="/callback"]'),
    ]);
    expect(Math.round(320 - arabicCall.right)).toBe(Math.round(frenchCall.left));

    // The number reads in the same order in both: it is its own left-to-right run.
    const phone = '.help-bar__phone a[href^="tel:"]';
    expect(await arabic.locator(phone).evaluate((link) => getComputedStyle(link).direction)).toBe('ltr');
    expect(await arabic.locator(phone).textContent()).toBe(await french.locator(phone).textContent());
    expect(arabic.errors).toEqual([]);
  });

  it('looks like the committed baseline at 320 pixels in Arabic (screenshot compared)', async () => {
    const page = await phoneIn('ar', '/callback');
    const screenshot = await page.screenshot({ fullPage: false, animations: 'disabled', caret: 'hide' });
    expect(compareWithBaseline('callback-ar-320.png', screenshot)).toBeLessThanOrEqual(maxDifferentPixels);
  });
});
