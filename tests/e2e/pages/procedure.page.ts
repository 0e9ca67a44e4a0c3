import type { Page } from 'playwright-core';

/** A procedure's pages (steps, check, confirmation), driven with the keyboard only. */
export class ProcedurePage {
  constructor(private readonly page: Page) {}

  async verifyHeading(text: string): Promise<void> {
    await this.page.locator('h1', { hasText: text }).waitFor();
  }

  /** A step's page once its answers are read from the device (the form replaces "Loading"). */
  async verifyStep(heading: string): Promise<void> {
    await this.verifyHeading(heading);
    await this.page.locator('form#procedure').waitFor();
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

  async type(field: string, text: string): Promise<void> {
    await this.tabTo(`#procedure-${cssEscape(field)}`);
    await this.page.keyboard.type(text);
  }

  /**
   * Radios: Tab into the group (onto its checked option when one is, as browsers do), arrows to the
   * option (which selects it; they wrap around), Space to be sure.
   */
  async chooseRadio(name: string, optionIndex: number): Promise<void> {
    const inGroup = () =>
      this.page.evaluate((group) => {
        const radios = [...document.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${group}"]`)];
        return { at: radios.indexOf(document.activeElement as HTMLInputElement), count: radios.length };
      }, name);
    for (let press = 0; press < 60 && (await inGroup()).at < 0; press += 1) await this.page.keyboard.press('Tab');
    const { at, count } = await inGroup();
    if (at < 0) throw new Error(`Could not reach the radios ${name} with Tab`);
    for (let step = 0; step < (optionIndex - at + count) % count; step += 1) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Space');
  }

  /** Checkboxes are each a Tab stop: Space ticks the focused one. */
  async tick(name: string, value: string, first: boolean): Promise<void> {
    await this.tabTo(first ? `#procedure-${name}` : `#procedure-${name}-${value}`);
    await this.page.keyboard.press('Space');
  }

  async continue(): Promise<void> {
    await this.tabTo('form#procedure button[type=submit]');
    await this.page.keyboard.press('Enter');
  }

  async value(field: string): Promise<string> {
    return this.page.inputValue(`#procedure-${cssEscape(field)}`);
  }
}

/** Field ids hold dots (`home_address.postcode`), which CSS selectors must escape. */
export function cssEscape(id: string): string {
  return id.replace(/\./g, '\\.');
}
