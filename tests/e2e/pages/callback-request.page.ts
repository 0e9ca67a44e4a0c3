import type { Page } from 'playwright-core';

/** The "Call me back" form, driven as a person would: by its labels, with the keyboard. */
export class CallbackRequestPage {
  constructor(private readonly page: Page) {}

  async verifyOnPage(): Promise<void> {
    // After a client-side navigation the router shows the page once its code has loaded.
    await this.page.locator('h1', { hasText: 'Être rappelé' }).waitFor();
  }

  /** Tabs until the element with this accessible selector has focus. */
  async tabTo(selector: string, maxPresses = 40): Promise<void> {
    const target = this.page.locator(selector);
    for (let press = 0; press < maxPresses; press += 1) {
      if (await target.evaluate((element) => element === document.activeElement)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Could not reach ${selector} with Tab`);
  }

  async typePhone(phone: string): Promise<void> {
    await this.tabTo('#callback-phone');
    await this.page.keyboard.type(phone);
  }

  /** Radios: Tab into the group, then Space picks the focused option, arrows move within it. */
  async chooseRadio(name: string, optionIndex: number): Promise<void> {
    await this.tabTo(`#callback-${name}`);
    for (let step = 0; step < optionIndex; step += 1) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Space');
  }

  async submit(): Promise<void> {
    await this.tabTo('form#callback button[type=submit]');
    await this.page.keyboard.press('Enter');
  }
}
