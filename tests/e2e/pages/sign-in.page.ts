import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { openPage } from '../../support/browser.ts';

/** The sign-in journey through the development provider, with the keyboard only. */
export class SignInJourney {
  constructor(private readonly page: Page) {}

  /** Tabs until the element matching `selector` has focus. */
  async tabTo(selector: string, maxPresses = 60): Promise<void> {
    const target = this.page.locator(selector).first();
    for (let press = 0; press < maxPresses; press += 1) {
      if (await target.evaluate((element) => element === document.activeElement)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Could not reach ${selector} with Tab`);
  }

  /** Tabs to a link or button and presses Enter on it. */
  async press(selector: string): Promise<void> {
    await this.tabTo(selector);
    await this.page.keyboard.press('Enter');
  }

  async verifyOnPersonaPicker(): Promise<void> {
    await this.page.waitForURL(/\/dev-idp\/interaction\//);
    await this.page.locator('h1', { hasText: 'Fournisseur d’identité de démonstration' }).waitFor();
  }

  async verifyOnAccount(): Promise<void> {
    await this.page.waitForURL(/\/account$/);
    await this.page.locator('h1', { hasText: 'Mon compte' }).waitFor();
  }

  /**
   * After "Sign out": Guichet ends its session, then sends the browser to the provider's logout.
   * The development provider shares Guichet's site, so Clear-Site-Data usually ended its session
   * too and it returns at once; when the browser had not finished clearing, it asks for
   * confirmation first, as a real provider does. Either way the journey ends on "signed out".
   */
  async verifySignedOut(): Promise<void> {
    // The provider adds the state it was given, except when the browser's clearing of its cookies
    // raced its own logout (seen now and then in Chromium): the journey is the same.
    const signedOut = /\/auth\/signed-out(\?state=|$)/;
    const confirm = this.page.locator('button[name=logout][value=yes]');
    const asked = await Promise.race([
      this.page.waitForURL(signedOut, { waitUntil: 'commit' }).then(() => false),
      confirm.waitFor().then(() => true),
    ]).catch(async (error: unknown) => {
      throw new Error(`Sign-out stuck at ${this.page.url()}: ${(await this.page.content()).slice(0, 2000)}`, { cause: error });
    });
    if (asked) {
      await this.tabTo('button[name=logout][value=yes]');
      await this.page.keyboard.press('Enter');
      await this.page.waitForURL(signedOut, { waitUntil: 'commit' });
    }
    await this.page.locator('h1', { hasText: 'Vous êtes déconnecté' }).waitFor();
  }
}

/**
 * Signs a persona in through the development provider, keyboard only, from `page`; waits until it
 * lands on `returnTo` (its path and query, at whichever address the provider sends it back to).
 */
export async function signInByKeyboard(
  page: Page,
  serverUrl: string,
  persona: string,
  returnTo: string,
  basePath: '/auth' | '/agent/auth' = '/auth',
): Promise<void> {
  await page.goto(`${serverUrl}${basePath}/login?return=${encodeURIComponent(returnTo)}`);
  const journey = new SignInJourney(page);
  await journey.verifyOnPersonaPicker();
  await journey.tabTo(`button[value="${persona}"]`);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => `${url.pathname}${url.search}` === returnTo);
}

/** A new page in its own context, with `persona` signed in by keyboard and landed on `returnTo`. */
export async function signedInPage(
  browser: Browser,
  serverUrl: string,
  persona: string,
  returnTo: string,
  basePath: '/auth' | '/agent/auth' = '/auth',
  context: BrowserContextOptions = {},
): Promise<Awaited<ReturnType<typeof openPage>>> {
  const page = await openPage(browser, context);
  await signInByKeyboard(page, serverUrl, persona, returnTo, basePath);
  return page;
}
