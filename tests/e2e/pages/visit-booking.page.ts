import { accessibilityViolations } from '../axe.ts';
import type { Locator, Page } from 'playwright-core';

/** The counter-visit journey, driven as a keyboard user would: Tab to a control, then Enter or Space. */
export class VisitBookingPage {
  constructor(private readonly page: Page) {}

  async verifyOnPage(heading: string): Promise<void> {
    await this.page.locator('h1', { hasText: heading }).waitFor();
  }

  /** Tabs until the (first) element matching has focus. */
  async tabTo(target: string | Locator, maxPresses = 120): Promise<void> {
    const locator = (typeof target === 'string' ? this.page.locator(target) : target).first();
    for (let press = 0; press < maxPresses; press += 1) {
      // A short wait per press: a target that is not on the page fails in seconds, not in an hour.
      if (await locator.evaluate((element) => element === document.activeElement, undefined, { timeout: 2000 }).catch(() => false)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(
      `Could not reach ${String(target)} with Tab on ${this.page.url()}: ${(await this.page.locator('main').innerText()).slice(0, 300)}`,
    );
  }

  async follow(target: string | Locator): Promise<void> {
    await this.tabTo(target);
    await this.page.keyboard.press('Enter');
  }

  async type(selector: string, text: string): Promise<void> {
    await this.tabTo(selector);
    await this.page.keyboard.type(text);
  }

  async submit(formId: string): Promise<void> {
    await this.tabTo(`form#${formId} button[type=submit]`);
    await this.page.keyboard.press('Enter');
  }

  /** axe-core with the WCAG 2.2 AA rule set; returns the violations' ids and where they are. */
  async accessibilityViolations(): Promise<string[]> {
    return accessibilityViolations(this.page);
  }
}
