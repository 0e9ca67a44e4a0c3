import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../src/app/routes.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';

/** Public pages whose every control is measured: the home page, the two ways to ask for help, a form, the statement. */
const keyPages = ['/', '/callback', '/visit', '/accessibility', '/accessibility/feedback'];

describe.skipIf(!browserAvailable)('keyboard, focus and reflow, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function tabTo(page: Page, selector: string, maxPresses = 60) {
    const target = page.locator(selector).first();
    for (let press = 0; press < maxPresses; press += 1) {
      if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Could not reach ${selector} with Tab`);
  }

  it('keyboard only: on each route change focus moves to the h1 and the new title is set', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
    for (const [link, path] of [
      ['.help-bar a[href="/callback"]', '/callback'],
      ['.site-footer a[href="/accessibility"]', '/accessibility'],
      ['main a[href="/accessibility/feedback"]', '/accessibility/feedback'],
    ] as const) {
      const before = await page.title();
      await tabTo(page, link, 120);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}${path}`);
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
      const heading = (await page.locator('h1').textContent()) ?? '';
      expect(await page.title()).not.toBe(before);
      expect(await page.title()).toContain(heading);
    }
    expect(page.errors).toEqual([]);
  });

  it('keyboard only: a full page load leaves focus at the top (first Tab: the skip link), an in-app link moves it to the h1', async () => {
    const page = await openPage(browser);
    for (const path of ['/callback', '/visit', '/procedures']) {
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      // The page's code has hydrated and run its effects: a heading that takes focus would have it by now.
      await page.waitForFunction(() => document.readyState === 'complete');
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.activeElement?.tagName), path).not.toBe('H1');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className), path).toBe('skip-link');
    }
    // From the help bar, an in-app link: the new page's heading has focus.
    await tabTo(page, '.help-bar a[href="/callback"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/callback`);
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    expect(page.errors).toEqual([]);
  });

  it('every page has its own title', async () => {
    const page = await openPage(browser);
    const titles = new Map<string, string>();
    for (const route of routes.filter((candidate) => candidate.prerender && !candidate.path.includes('signed-out'))) {
      await page.goto(`${server.url}${route.path}`);
      titles.set(route.path, await page.title());
    }
    expect(new Set(titles.values()).size).toBe(titles.size);
  });

  it('a glossary word opens and closes with the keyboard, focus staying on it', async () => {
    const page = await openPage(browser);
    // The start page of a procedure is for signed-in citizens; its disclosure is the same component as on a step.
    await page.goto(`${server.url}/auth/login?return=${encodeURIComponent('/procedures/school-canteen')}`);
    await page.waitForURL(/\/dev-idp\/interaction\//);
    await tabTo(page, 'button[value="marie-dupont"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/procedures/school-canteen`);
    const term = page.locator('details.term').first();
    await tabTo(page, 'details.term summary');
    expect(await term.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
    await page.keyboard.press('Enter');
    expect(await term.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    expect(await term.locator('p').textContent()).toContain('CAF');
    await page.keyboard.press('Space');
    expect(await term.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
  });

  it('focus is never hidden: tabbing through a long page, each focused control is on screen and uncovered (WCAG 2.4.11)', async () => {
    const page = await openPage(browser, { viewport: { width: 320, height: 568 } });
    await page.goto(`${server.url}/accessibility`, { waitUntil: 'networkidle' });
    // From the top of the page, where a keyboard user starts: the skip link is the first stop.
    await page.focus('a.skip-link');
    const hidden: string[] = [];
    let visited = 0;
    for (let press = 0; press < 80; press += 1) {
      await page.keyboard.press('Tab');
      const state = await page.evaluate(() => {
        const focused = document.activeElement;
        if (!focused || focused === document.body) return undefined;
        const box = focused.getBoundingClientRect();
        const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
        const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
        const onTop = document.elementFromPoint(x, y);
        return {
          name: `${focused.tagName.toLowerCase()} ${focused.textContent?.trim().slice(0, 40) ?? ''}`,
          inViewport: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
          uncovered: onTop !== null && (focused === onTop || focused.contains(onTop) || onTop.contains(focused)),
        };
      });
      if (!state) break;
      visited += 1;
      if (!state.inViewport || !state.uncovered) hidden.push(state.name);
    }
    expect(visited).toBeGreaterThan(10);
    expect(hidden).toEqual([]);
  });

  it('every control of the key pages is at least 44 × 44 pixels (links within a sentence excepted)', async () => {
    const page = await openPage(browser, { viewport: { width: 320, height: 640 } });
    const small: string[] = [];
    for (const path of keyPages) {
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      const found = await page.evaluate(() => {
        const controls = document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, summary');
        return [...controls].flatMap((control) => {
          const style = getComputedStyle(control);
          if (style.display === 'none' || style.visibility === 'hidden' || control.closest('[hidden], .visually-hidden, .skip-link'))
            return [];
          // A radio or a checkbox is the size of its label too: clicking the label chooses it.
          const label = control instanceof HTMLInputElement && control.labels?.[0];
          const target = (label && ['radio', 'checkbox'].includes(control.type) ? control.closest('.radio, .checkbox') : null) ?? control;
          const box = target.getBoundingClientRect();
          // WCAG's "inline" exception: a link inside a sentence is as tall as the text around it.
          const inSentence =
            control.tagName === 'A' &&
            [...(control.parentElement?.childNodes ?? [])].some(
              (node) => node !== control && node.nodeType === Node.TEXT_NODE && node.textContent?.trim(),
            );
          if (inSentence || (box.width >= 44 && box.height >= 44)) return [];
          return [
            `${location.pathname} ${control.tagName.toLowerCase()} "${control.textContent?.trim().slice(0, 30) ?? ''}" ${Math.round(box.width)}×${Math.round(box.height)}`,
          ];
        });
      });
      small.push(...found);
    }
    expect(small).toEqual([]);
  });

  it('with reduced motion asked for, nothing moves', async () => {
    const page = await openPage(browser, { reducedMotion: 'reduce' });
    const moving: string[] = [];
    for (const path of keyPages) {
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      moving.push(
        ...(await page.evaluate(() =>
          [...document.querySelectorAll('*')]
            .filter((element) => {
              const style = getComputedStyle(element);
              const durations = [...style.transitionDuration.split(','), ...style.animationDuration.split(',')].map((value) =>
                parseFloat(value),
              );
              return (
                (style.animationName !== 'none' || durations.some((seconds) => seconds > 0)) && durations.some((seconds) => seconds > 0)
              );
            })
            .map((element) => `${location.pathname} ${element.tagName.toLowerCase()}.${element.className}`),
        )),
      );
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior)).toBe('auto');
    }
    expect(moving).toEqual([]);
  });
});
