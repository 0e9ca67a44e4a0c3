import type { Page } from 'playwright-core';

/** The accessibility statement's feedback form, driven with the keyboard only. */
export class AccessibilityFeedbackPage {
  constructor(private readonly page: Page) {}

  async verifyOnPage(): Promise<void> {
    await this.page.locator('form#accessibility-feedback').waitFor();
  }

  /** Tabs until the element matching this selector has focus. */
  async tabTo(selector: string, maxPresses = 60): Promise<void> {
    const target = this.page.locator(selector).first();
    for (let press = 0; press < maxPresses; press += 1) {
      if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Could not reach ${selector} with Tab`);
  }

  async type(field: 'message' | 'page' | 'contact', text: string): Promise<void> {
    await this.tabTo(`#accessibility-feedback-${field}`);
    await this.page.keyboard.type(text);
  }

  async send(): Promise<void> {
    await this.tabTo('form#accessibility-feedback button[type=submit]');
    await this.page.keyboard.press('Enter');
  }
}
