import type { Locator, Page } from 'playwright-core';

/** The development inbox, read as a person would: headings and text, moved through with the keyboard. */
export class DevInboxPage {
  constructor(private readonly page: Page) {}

  async verifyOnPage(): Promise<void> {
    await this.page.locator('h1', { hasText: 'Boîte de réception de démonstration' }).waitFor();
  }

  messages(): Locator {
    return this.page.locator('ol.cards > li');
  }

  status(): Locator {
    return this.page.locator('[role=status]');
  }

  /** Tabs until the element matching the selector has focus. */
  async tabTo(selector: string, maxPresses = 40): Promise<void> {
    const target = this.page.locator(selector);
    for (let press = 0; press < maxPresses; press += 1) {
      if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Could not reach ${selector} with Tab`);
  }

  async refresh(): Promise<void> {
    await this.tabTo('button[type=submit]');
    await this.page.keyboard.press('Enter');
  }
}
