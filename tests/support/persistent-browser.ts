import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumFlags, chromiumPath } from './browser.ts';

/**
 * A Chromium profile kept on disk, so a test can close the browser and open it again with the
 * same service worker, Cache Storage and IndexedDB, as a phone would after a restart.
 */
export interface Profile {
  open(options?: {
    offline?: boolean;
    withoutBackgroundSync?: boolean;
  }): Promise<{ context: BrowserContext; page: Page & { errors: string[] } }>;
  remove(): Promise<void>;
}

export async function createProfile(): Promise<Profile> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'guichet-profile-'));
  return {
    async open(options = {}) {
      const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: chromiumPath,
        args: chromiumFlags,
        headless: true,
        viewport: { width: 390, height: 844 },
        locale: 'fr-FR',
      });
      if (options.offline) await context.setOffline(true);
      // Firefox and Safari have no Background Sync: hide it, so the page's own replay is what runs.
      if (options.withoutBackgroundSync) {
        await context.addInitScript(() => {
          Object.defineProperty(ServiceWorkerRegistration.prototype, 'sync', { get: () => undefined, configurable: true });
        });
      }
      const page = Object.assign(context.pages()[0] ?? (await context.newPage()), { errors: [] as string[] });
      page.on('pageerror', (error) => page.errors.push(error.message));
      return { context, page };
    },
    remove: () => rm(userDataDir, { recursive: true, force: true }),
  };
}

/** Waits until the service worker is active and controls the page (it precaches everything before that). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
}
