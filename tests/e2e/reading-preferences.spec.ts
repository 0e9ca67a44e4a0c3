import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { SignInJourney } from './pages/sign-in.page.ts';

describe.skipIf(!browserAvailable)('reading choices follow the citizen, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const stored = async () =>
    server.database.db
      .selectFrom('person')
      .innerJoin('person_identity', 'person_identity.person_id', 'person.id')
      .select(['language', 'read_aloud'])
      .where('subject', '=', 'lucie-bernard')
      .executeTakeFirst();

  async function signIn(page: Page, returnTo: string) {
    await page.goto(`${server.url}/auth/login?return=${encodeURIComponent(returnTo)}`);
    await page.waitForURL(/\/dev-idp\/interaction\//);
    const journey = new SignInJourney(page);
    await journey.tabTo('button[value="lucie-bernard"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}${returnTo}`);
    await page.waitForLoadState('networkidle');
  }

  const automatic = 'main .read-aloud button[aria-pressed]';

  it('keyboard only: read aloud and English chosen on a phone are there when the citizen signs in on another device', async () => {
    const phone = await openPage(browser);
    await signIn(phone, '/callback');
    const journey = new SignInJourney(phone);
    await journey.tabTo(automatic);
    expect(await phone.getAttribute(automatic, 'aria-pressed')).toBe('false');
    await phone.keyboard.press('Enter');
    expect(await phone.getAttribute(automatic, 'aria-pressed')).toBe('true');
    await journey.tabTo('.language-switch a[hreflang="en"]');
    await phone.keyboard.press('Enter');
    await phone.waitForFunction(() => document.documentElement.lang === 'en');
    await expect.poll(stored, { timeout: 5000 }).toEqual({ language: 'en', read_aloud: 'auto' });

    const library = await openPage(browser);
    await signIn(library, '/callback');
    expect(await library.getAttribute('html', 'lang')).toBe('en');
    await library.locator(automatic).waitFor();
    expect(await library.getAttribute(automatic, 'aria-pressed')).toBe('true');
    const cookies = Object.fromEntries((await library.context().cookies()).map((cookie) => [cookie.name, cookie.value]));
    expect(cookies).toMatchObject({ lang: 'en', 'read-aloud': 'auto' });
    expect([...phone.errors, ...library.errors]).toEqual([]);
  });
});
