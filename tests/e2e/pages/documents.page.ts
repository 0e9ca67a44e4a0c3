import type { Page } from 'playwright-core';

/** "My documents" and its form, driven with the keyboard only. */
export class DocumentsPage {
  constructor(private readonly page: Page) {}

  async verifyList(): Promise<void> {
    await this.page.locator('h1', { hasText: 'Mes documents' }).waitFor();
    await this.page.locator('.last-updated').waitFor();
  }

  async verifyUploadForm(): Promise<void> {
    await this.page.locator('h1', { hasText: 'Ajouter un document' }).waitFor();
    await this.page.locator('form#document').waitFor();
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

  async type(id: string, text: string): Promise<void> {
    await this.tabTo(`#${id.replace(/\./g, '\\.')}`);
    await this.page.keyboard.type(text);
  }

  async chooseRadio(id: string, optionIndex: number): Promise<void> {
    await this.tabTo(`#${id}`);
    for (let step = 0; step < optionIndex; step += 1) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Space');
  }

  /**
   * A file chooser is the operating system's, out of the page's reach: the field is reached with
   * Tab like any other, and the file handed to it as the chooser would.
   */
  async chooseFile(id: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.tabTo(`#${id.replace(/\./g, '\\.')}`);
    await this.page.locator(`#${id.replace(/\./g, '\\.')}`).setInputFiles(file);
  }

  async submit(): Promise<void> {
    await this.tabTo('form#document button[type=submit]');
    await this.page.keyboard.press('Enter');
  }
}
