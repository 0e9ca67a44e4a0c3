import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The tags every Guichet screen must pass with zero violations. */
export const accessibilityTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's violations on the page, as "rule: target" lines (empty when accessible). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(accessibilityTags).analyze();
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** The sign-in journey through the development provider, by keyboard or pointer. */
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

  async verifyOnPersonaPicker(): Promise<void> {
    await this.page.waitForURL(/\/dev-idp\/interaction\//);
    await this.page.locator('h1', { hasText: 'Fournisseur d’identité de démonstration' }).waitFor();
  }

  async verifyOnAccount(): Promise<void> {
    await this.page.waitForURL(/\/account$/);
    await this.page.locator('h1', { hasText: 'Mon compte' }).waitFor();
  }

  /**
   * After "Sign out": Guichet ends its session and sends Clear-Site-Data, which also ends the
   * provider's (same site here), so the provider returns straight to Guichet's "signed out" page.
   */
  async verifySignedOut(): Promise<void> {
    await this.page.waitForURL(/\/auth\/signed-out\?state=/, { waitUntil: 'commit' });
    await this.page.locator('h1', { hasText: 'Vous êtes déconnecté' }).waitFor();
  }
}
