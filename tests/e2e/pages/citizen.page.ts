import type { Page } from 'playwright-core';

/** The agent's pages for one citizen (search, timeline, consent), driven with the keyboard only. */
export class CitizenPage {
  constructor(private readonly page: Page) {}

  async verifyOnSearch(): Promise<void> {
    await this.page.locator('h1', { hasText: 'Trouver un usager' }).waitFor();
  }

  /** The citizen's page once their record has loaded. */
  async verifyOnCitizen(name: string): Promise<void> {
    await this.page.locator('h1', { hasText: name }).waitFor();
    await this.page.locator('#mandates-title').waitFor();
  }

  /** Tabs until an element matching this selector has focus. */
  async tabTo(selector: string, maxPresses = 120): Promise<void> {
    for (let press = 0; press < maxPresses; press += 1) {
      if (await this.page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Could not reach ${selector} with Tab`);
  }

  /** Types into a field, replacing what it held (Ctrl+A, then the new text). */
  async type(formId: string, field: string, text: string): Promise<void> {
    await this.tabTo(`#${formId}-${field}`);
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(text);
  }

  /** Radios: Tab into the group (it lands on the chosen option, if any), arrows to the one wanted. */
  async chooseRadio(formId: string, name: string, value: string): Promise<void> {
    await this.tabTo(`form#${formId} input[name="${name}"]`);
    for (let step = 0; step < 20; step += 1) {
      if (await this.page.evaluate((wanted) => (document.activeElement as HTMLInputElement | null)?.value === wanted, value)) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Space');
  }

  /** Each checkbox is a Tab stop: Space ticks the focused one. */
  async tick(formId: string, name: string, values: string[], firstValue: string): Promise<void> {
    for (const value of values) {
      await this.tabTo(value === firstValue ? `#${formId}-${name}` : `#${formId}-${name}-${value}`);
      await this.page.keyboard.press('Space');
    }
  }

  async submit(formId: string): Promise<void> {
    await this.tabTo(`form#${formId} button[type=submit]`);
    await this.page.keyboard.press('Enter');
  }

  async followLink(selector: string): Promise<void> {
    await this.tabTo(selector);
    await this.page.keyboard.press('Enter');
  }
}
