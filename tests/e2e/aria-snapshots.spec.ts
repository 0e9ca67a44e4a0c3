import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { signInAs } from '../support/sign-in.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { visitor } from '../support/visitor.ts';
import { SignInJourney } from './pages/sign-in.page.ts';

/**
 * The accessibility tree of the key screens (roles, names, heading levels, states), in French,
 * compared with committed files: a change a screen-reader user would notice shows up in review.
 * After an intended change: `npx vitest run --project e2e tests/e2e/aria-snapshots.spec.ts -u`.
 */
const snapshotFile = (name: string) => path.join(import.meta.dirname, 'aria-snapshots', `${name}.aria.yml`);

/** References, dates and times change from run to run; their place in the tree does not. */
function stable(snapshot: string): string {
  return snapshot
    .replace(/GU-\d{4}-\d{6,}/g, 'GU-YYYY-NNNNNN')
    .replace(/\b\d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\b/g, 'DATE')
    .replace(/\b\d{1,2}:\d{2}\b/g, 'HH:MM');
}

describe.skipIf(!browserAvailable)('ARIA snapshots of the key screens, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };
  let dossier: string;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
    // The counters and their services, as a town would set them up: booking has choices to show.
    await seedDemoData(server.database.db);
    const marie = await visitor(server.app);
    await signInAs(marie, 'marie-dupont');
    const sent = await marie.postJson(
      '/api/dossiers',
      {
        procedure: 'civil-status-certificate',
        answers: {
          given_name: 'Marie',
          family_name: 'Dupont',
          'birthdate.day': '14',
          'birthdate.month': '7',
          'birthdate.year': '1985',
          birthplace: '87085',
          kind: 'full_copy',
          copies: '1',
          delivery: 'email',
          email: 'marie.dupont@example.fr',
          phone: '06 12 34 56 78',
        },
      },
      { idempotencyKey: 'aria-snapshot-dossier-000001' },
    );
    dossier = sent.json<{ reference: string }>().reference;
    if (sent.statusCode !== 201) throw new Error(`No dossier: ${sent.statusCode} ${sent.body.slice(0, 300)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function settled(page: Page, pathname: string) {
    await page.goto(`${server.url}${pathname}`, { waitUntil: 'networkidle' });
    await page.locator('h1').waitFor();
  }

  /** Once the parts that load after the page ("Listen") are in, so every run sees the same tree. */
  const matches = async (page: Page, selector: string, name: string) => {
    await page.locator('main .read-aloud button').first().waitFor();
    await page.waitForLoadState('networkidle');
    await expect(stable(await page.locator(selector).ariaSnapshot())).toMatchFileSnapshot(snapshotFile(name));
  };

  it('the help bar, "call me back" and the first two steps of booking a counter visit', async () => {
    const page = await openPage(browser);
    await settled(page, '/callback');
    await matches(page, 'aside.help-bar', 'help-bar');
    await matches(page, 'main', 'callback');
    await settled(page, '/visit');
    await matches(page, 'main', 'visit');
    await settled(page, '/visit?service=id_card');
    await matches(page, 'main', 'visit-location');
  });

  it('the sign-in persona picker, a form step, the check page and a dossier', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/auth/login?return=${encodeURIComponent('/procedures/school-canteen/steps/household')}`);
    await page.waitForURL(/\/dev-idp\/interaction\//);
    await page.locator('button[value="marie-dupont"]').waitFor();
    await matches(page, 'main', 'sign-in-picker');
    await new SignInJourney(page).tabTo('button[value="marie-dupont"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/procedures/school-canteen/steps/household`);
    // The step's answers come from the device and the data connector just after the page draws.
    await page.locator('form#procedure').waitFor();
    await page.waitForLoadState('networkidle');
    await matches(page, 'main', 'procedure-step');
    await settled(page, '/procedures/school-canteen/check');
    await matches(page, 'main', 'check-answers');
    await settled(page, `/requests/${dossier}`);
    await page.locator('.timeline').waitFor();
    await matches(page, 'main', 'dossier');
  });
});
