import type { Page } from 'playwright-core';

/** The shell's status line (on every page) and the "saved on this device" page, read as a person would. */
export class OutboxStatus {
  constructor(private readonly page: Page) {}

  /** The polite live region under the help bar. */
  get region() {
    return this.page.locator('.outbox-status[role=status]');
  }

  async waitForText(text: string | RegExp, timeout = 15_000): Promise<void> {
    await this.region.getByText(text).waitFor({ timeout });
  }

  /** What the outbox page lists under a heading ("waiting to be sent", "needs your attention"). */
  async section(heading: RegExp) {
    const section = this.page.locator('section', { has: this.page.locator('h2', { hasText: heading }) });
    await section.waitFor();
    return section;
  }
}
