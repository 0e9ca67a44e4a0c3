import type { Page } from 'playwright-core';

/** The phone agent's queue and call sheet, and the citizen's survey, driven with the keyboard only. */
export class KeyboardJourney {
  constructor(private readonly page: Page) {}

  async verifyHeading(text: string): Promise<void> {
    await this.page.locator('h1', { hasText: text }).waitFor();
  }

  /** Tabs until the element matching this selector has focus. */
  async tabTo(selector: string, maxPresses = 80): Promise<void> {
    const target = this.page.locator(selector).first();
    for (let press = 0; press < maxPresses; press += 1) {
      if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Could not reach ${selector} with Tab`);
  }

  /** A radio group: Tab to its first option, arrows to the one wanted, Space to pick it. */
  async chooseRadio(firstOptionSelector: string, optionIndex: number): Promise<void> {
    await this.tabTo(firstOptionSelector);
    for (let step = 0; step < optionIndex; step += 1) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Space');
  }

  async press(selector: string, key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
    await this.tabTo(selector);
    await this.page.keyboard.press(key);
  }
}
