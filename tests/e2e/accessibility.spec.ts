import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agentRoutes } from '../../src/app/agent-routes.ts';
import { routes as citizenRoutes } from '../../src/app/routes.ts';
import { callbackReferencePattern } from '../../src/shared/callback-request.ts';
import { languages, type Language } from '../../src/shared/languages.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { CallbackRequestPage } from './pages/callback-request.page.ts';

/** Every route the server answers: the citizens' and the agent workspace's. */
const routes = [...citizenRoutes, ...agentRoutes];

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const notFound = '/no-such-page';

/**
 * Routes that only exist inside a journey (a signed-in session, a sign-in in progress): their own
 * specs open them the way a citizen or an agent reaches them and run axe there.
 */
const coveredByTheirJourney: Record<string, string> = {
  '/account': 'sign-in.spec.ts',
  '/account/phone': 'phone-verification.spec.ts',
  '/account/phone/verify': 'phone-verification.spec.ts',
  '/account/preferences': 'sign-in.spec.ts',
  '/agent': 'sign-in.spec.ts',
  '/agent/counter': 'counter-agenda.spec.ts',
  '/visit/details': 'visit-booking.spec.ts',
  '/visit/verify/:verification': 'visit-booking.spec.ts',
  '/visit/appointment/:token': 'visit-booking.spec.ts',
  '/dev-idp/interaction/:uid': 'sign-in.spec.ts',
  '/procedures/:procedure': 'procedures.spec.ts',
  '/procedures/:procedure/steps/:step': 'procedures.spec.ts',
  '/procedures/:procedure/check': 'procedures.spec.ts',
  '/procedures/:procedure/confirmation/:reference': 'procedures.spec.ts',
  '/requests': 'procedures.spec.ts',
  '/documents': 'documents.spec.ts',
  '/requests/:reference': 'procedures.spec.ts',
  '/agent/dossiers': 'procedures.spec.ts',
  '/agent/dossiers/:reference': 'procedures.spec.ts',
  '/agent/citizens': 'mandates.spec.ts',
  '/agent/citizens/:citizen': 'mandates.spec.ts',
  '/agent/citizens/:citizen/procedures/:procedure/steps/:step': 'mandates.spec.ts',
  '/agent/citizens/:citizen/procedures/:procedure/check': 'mandates.spec.ts',
  '/agent/citizens/:citizen/procedures/:procedure/confirmation/:reference': 'mandates.spec.ts',
};

/** A reference made the way a citizen's browser makes one: CSRF token, idempotency key, JSON. */
async function createReference(url: string): Promise<string> {
  const csrf = await fetch(`${url}/api/csrf`);
  const { token } = (await csrf.json()) as { token: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const response = await fetch(`${url}/api/callback-requests`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie,
      'x-csrf-token': token,
      'idempotency-key': 'accessibility-spec-0001',
      'sec-fetch-site': 'same-origin',
    },
    body: JSON.stringify({ phone: '06 12 34 56 78', topic: 'school', window: 'any' }),
  });
  const { reference } = (await response.json()) as { reference: string };
  if (response.status !== 201 || !callbackReferencePattern.test(reference)) throw new Error(`No reference: ${response.status}`);
  return reference;
}

describe.skipIf(!browserAvailable)('accessibility of every page, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };
  /** Every route of the app with its parameters filled in, and a page that does not exist. */
  let paths: string[];

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
    const reference = await createReference(server.url);
    paths = [
      ...routes.filter((route) => !(route.path in coveredByTheirJourney)).map((route) => route.path.replace(':reference', reference)),
      notFound,
    ];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page in its own context, already in the given language (as if chosen with the switch). */
  async function pageIn(language: Language, options: BrowserContextOptions = {}) {
    const page = await openPage(browser, { locale: language === 'fr' ? 'fr-FR' : 'en-GB', ...options });
    await page.context().addCookies([{ name: 'lang', value: language, url: server.url }]);
    return page;
  }

  /**
   * Opens a path and waits for the app to settle. Chromium logs the 404 of the "not found" page
   * itself as a console error: that one is expected, any other is a failure.
   */
  async function visit(page: Awaited<ReturnType<typeof pageIn>>, path: string) {
    const logged = page.errors.length;
    const response = await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
    if (path === notFound) expectDocumentStatusLogged(page, logged, 404);
    return response;
  }

  /** Takes out the console line Chromium logs for a document's own error status, failing if absent. */
  function expectDocumentStatusLogged(page: Awaited<ReturnType<typeof pageIn>>, since: number, status: number) {
    const [documentStatus, ...others] = page.errors.splice(since);
    expect(documentStatus).toMatch(new RegExp(`status of ${status}`));
    page.errors.push(...others);
  }

  async function violations(page: Awaited<ReturnType<typeof pageIn>>): Promise<string[]> {
    const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
    return results.violations.flatMap((violation) =>
      violation.nodes.map((node) => `${page.url()} ${violation.id}: ${node.target.join(' ')} (${violation.help})`),
    );
  }

  it('covers every route', () => {
    expect(paths.length).toBe(routes.length - Object.keys(coveredByTheirJourney).length + 1);
    expect(Object.keys(coveredByTheirJourney).every((path) => routes.some((route) => route.path === path))).toBe(true);
    expect(paths.every((path) => !path.includes(':'))).toBe(true);
  });

  describe.each(languages)('in %s', (language) => {
    it('every page passes axe (WCAG 2.2 AA) with no script error or CSP violation', async () => {
      const page = await pageIn(language);
      const found: string[] = [];
      for (const path of paths) {
        const response = await visit(page, path);
        expect(response?.status(), path).toBe(path === notFound ? 404 : 200);
        expect(await page.getAttribute('html', 'lang'), path).toBe(language);
        expect(await page.locator('h1').count(), path).toBe(1);
        found.push(...(await violations(page)));
      }
      expect(found).toEqual([]);
      expect(page.errors).toEqual([]);
    });

    it('the callback form passes axe in its error state, from the app and from the server', async () => {
      for (const withScripts of [true, false]) {
        const page = await pageIn(language);
        // Axe itself needs JavaScript: here the app's code never arrives (a slow network, a
        // blocked script), so the browser posts the form and the server answers it.
        if (!withScripts) {
          await page.route(/\/assets\/.+\.js$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
        }
        await visit(page, '/callback');
        const form = new CallbackRequestPage(page);
        await form.typePhone('06 12');
        const logged = page.errors.length;
        await form.submit();
        await page.locator('.error-summary').waitFor();
        if (withScripts) {
          await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'), undefined, { timeout: 2000 });
        } else {
          await page.waitForLoadState('networkidle');
          expectDocumentStatusLogged(page, logged, 422);
        }
        expect(await page.inputValue('#callback-phone')).toBe('06 12');
        expect(await page.locator('.error-summary li').count()).toBe(3);
        expect(await violations(page)).toEqual([]);
        expect(page.errors).toEqual([]);
      }
    });

    it('nothing scrolls sideways at 320 CSS pixels wide (WCAG 1.4.10 reflow)', async () => {
      const page = await pageIn(language, { viewport: { width: 320, height: 640 } });
      const wide: string[] = [];
      const check = async (label: string) => {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 320) wide.push(`${label}: ${width}px`);
      };
      for (const path of paths) {
        await visit(page, path);
        await check(path);
      }
      await page.goto(`${server.url}/callback`, { waitUntil: 'networkidle' });
      await new CallbackRequestPage(page).submit();
      await page.locator('.error-summary').waitFor();
      await check('/callback with errors');
      expect(wide).toEqual([]);
      expect(page.errors).toEqual([]);
    });

    it('without JavaScript, each prerendered page paints its heading and the help bar', async () => {
      const page = await pageIn(language, { javaScriptEnabled: false });
      for (const route of routes.filter((candidate) => candidate.prerender)) {
        await page.goto(`${server.url}${route.path}`);
        expect(await page.getAttribute('html', 'lang'), route.path).toBe(language);
        expect((await page.locator('h1').textContent())?.trim(), route.path).not.toBe('');
        const helpBar = page.locator('aside.help-bar');
        expect(await helpBar.locator('a[href^="tel:+33"]').count(), route.path).toBe(1);
        expect(await helpBar.locator('a[href="/callback"]').count(), route.path).toBe(1);
        expect(await helpBar.locator('a[href="/visit"]').count(), route.path).toBe(1);
        expect(await page.locator('a.skip-link[href="#main"]').count(), route.path).toBe(1);
      }
      expect(page.errors).toEqual([]);
    });
  });
});
