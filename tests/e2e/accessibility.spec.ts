import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agentRoutes } from '../../src/app/agent-routes.ts';
import { routes as citizenRoutes } from '../../src/app/routes.ts';
import { callbackReferencePattern } from '../../src/shared/callback-request.ts';
import { languages, type Language } from '../../src/shared/languages.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { signInAs } from '../support/sign-in.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { visitor } from '../support/visitor.ts';
import { CallbackRequestPage } from './pages/callback-request.page.ts';
import { SignInJourney } from './pages/sign-in.page.ts';
import { canteenAnswers } from '../../src/shared/procedures/school-canteen.example.ts';

/** Every route the server answers: the citizens' and the agent workspace's. */
const routes = [...citizenRoutes, ...agentRoutes];

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** The matrix adds axe's best practices (landmarks, heading order, one main…) to WCAG 2.2 AA. */
const matrixTags = [...wcagTags, 'best-practice'];
const notFound = '/no-such-page';

/** Light, dark and forced colours (Windows high contrast): every page is checked in each, without reloading. */
const colourModes = [
  { name: 'light', media: { colorScheme: 'light', forcedColors: 'none' } },
  { name: 'dark', media: { colorScheme: 'dark', forcedColors: 'none' } },
  { name: 'forced colours', media: { colorScheme: 'light', forcedColors: 'active' } },
] as const;

/** Pages only a signed-in citizen or agent reaches: checked signed in, each with its parameters. */
const citizenPaths = (dossier: string) => [
  '/account',
  '/procedures/school-canteen',
  '/procedures/school-canteen/steps/household',
  '/procedures/school-canteen/check',
  `/procedures/school-canteen/confirmation/${dossier}`,
  '/requests',
  `/requests/${dossier}`,
  '/documents',
];
const agentPaths = (dossier: string) => ['/agent', '/agent/dossiers', `/agent/dossiers/${dossier}`];

const signedInRoutes = [
  '/account',
  '/procedures/:procedure',
  '/procedures/:procedure/steps/:step',
  '/procedures/:procedure/check',
  '/procedures/:procedure/confirmation/:reference',
  '/requests',
  '/requests/:reference',
  '/documents',
  '/agent',
  '/agent/dossiers',
  '/agent/dossiers/:reference',
];
/**
 * Routes the matrix does not open by address: the account's form addresses answer a form post
 * (the account page, checked at /account, with its errors in phone-verification.spec.ts), and the
 * persona picker is checked on the way in, at each sign-in.
 */
const coveredOtherwise = [
  '/account/phone',
  '/account/phone/verify',
  '/account/preferences',
  '/dev-idp/interaction/:uid',
  // An agent acting for a citizen needs a mandate the citizen consented to: mandates.spec.ts runs axe there.
  '/agent/citizens',
  '/agent/citizens/:citizen',
  '/agent/citizens/:citizen/procedures/:procedure/steps/:step',
  '/agent/citizens/:citizen/procedures/:procedure/check',
  '/agent/citizens/:citizen/procedures/:procedure/confirmation/:reference',
  // Counter visits: booking needs a verified phone, the agenda a counter agent; their journeys run axe.
  '/agent/counter',
  '/visit/details',
  '/visit/verify/:verification',
  '/visit/appointment/:token',
  // Signed links from an SMS and the callback queue: callback-agent.spec.ts runs axe there.
  '/callback/cancel/:token',
  '/survey/:token',
  '/agent/callbacks',
  '/agent/callbacks/:reference',
  '/agent/satisfaction',
];
const coveredByTheirJourney = new Set([...coveredOtherwise, ...signedInRoutes]);

/** A dossier of the canteen procedure for Marie Dupont, sent the way the app sends it. */
async function createDossier(server: TestApp): Promise<string> {
  const marie = await visitor(server.app);
  await signInAs(marie, 'marie-dupont');
  const response = await marie.postJson(
    '/api/dossiers',
    {
      procedure: 'school-canteen',
      answers: canteenAnswers,
    },
    { idempotencyKey: 'accessibility-matrix-dossier-0001' },
  );
  const { reference } = response.json<{ reference: string }>();
  if (response.statusCode !== 201 || !reference) throw new Error(`No dossier: ${response.statusCode} ${response.body.slice(0, 200)}`);
  return reference;
}

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
  let dossier: string;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
    const reference = await createReference(server.url);
    dossier = await createDossier(server);
    paths = [
      ...routes.filter((route) => !coveredByTheirJourney.has(route.path)).map((route) => route.path.replace(':reference', reference)),
      notFound,
    ];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The language each page was opened in. */
  const pageLanguage = new WeakMap<object, Language>();

  /** A page in its own context, already in the given language (as if chosen with the switch). */
  async function pageIn(language: Language, options: BrowserContextOptions = {}) {
    const page = await openPage(browser, { locale: language === 'fr' ? 'fr-FR' : 'en-GB', ...options });
    await page.context().addCookies([{ name: 'lang', value: language, url: server.url }]);
    pageLanguage.set(page, language);
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

  async function violations(page: Awaited<ReturnType<typeof pageIn>>, tags = wcagTags): Promise<string[]> {
    const results = await new AxeBuilder({ page }).withTags(tags).analyze();
    return results.violations.flatMap((violation) =>
      violation.nodes.map((node) => `${page.url()} ${violation.id}: ${node.target.join(' ')} (${violation.help})`),
    );
  }

  /** axe in light, dark and forced colours on the page as it is, switched by media emulation (no reload). */
  async function violationsInEveryMode(page: Awaited<ReturnType<typeof pageIn>>): Promise<string[]> {
    const found: string[] = [];
    for (const mode of colourModes) {
      await page.emulateMedia(mode.media);
      found.push(...(await violations(page, matrixTags)).map((line) => `[${mode.name}] ${line}`));
    }
    await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
    return found;
  }

  /** Signs in through the development provider's persona picker (checked on the way), keyboard only. */
  async function signIn(page: Awaited<ReturnType<typeof pageIn>>, persona: string, basePath: '/auth' | '/agent/auth', found: string[]) {
    await page.goto(`${server.url}${basePath}/login`);
    await page.waitForURL(/\/dev-idp\/interaction\//);
    await page.locator(`button[value="${persona}"]`).waitFor();
    found.push(...(await violationsInEveryMode(page)));
    await new SignInJourney(page).tabTo(`button[value="${persona}"]`);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/dev-idp') && !url.pathname.includes('/auth/'));
    // Signing in brings back the account's language (reading preferences): this run's is chosen again.
    await page.context().addCookies([{ name: 'lang', value: pageLanguage.get(page) ?? 'fr', url: server.url }]);
  }

  it('covers every route', () => {
    expect(paths.length).toBe(routes.length - coveredByTheirJourney.size + 1);
    expect([...coveredByTheirJourney].every((path) => routes.some((route) => route.path === path))).toBe(true);
    expect(paths.every((path) => !path.includes(':'))).toBe(true);
    expect(citizenPaths('x').length + agentPaths('x').length).toBe(signedInRoutes.length);
  });

  describe.each(languages)('in %s', (language) => {
    it('every public page passes axe (WCAG 2.2 AA, best practices) in light, dark and forced colours, with no script error', async () => {
      const page = await pageIn(language);
      const found: string[] = [];
      for (const path of paths) {
        const response = await visit(page, path);
        expect(response?.status(), path).toBe(path === notFound ? 404 : 200);
        expect(await page.getAttribute('html', 'lang'), path).toBe(language);
        expect(await page.locator('h1').count(), path).toBe(1);
        found.push(...(await violationsInEveryMode(page)));
      }
      expect(found).toEqual([]);
      expect(page.errors).toEqual([]);
    }, 300_000);

    it('signed in, a citizen’s and an agent’s pages pass axe in the three colour modes', async () => {
      const found: string[] = [];
      const citizen = await pageIn(language);
      await signIn(citizen, 'marie-dupont', '/auth', found);
      const agent = await pageIn(language);
      await signIn(agent, 'nadia-benali', '/agent/auth', found);
      for (const [page, paths] of [
        [citizen, citizenPaths(dossier)],
        [agent, agentPaths(dossier)],
      ] as const) {
        for (const path of paths) {
          const response = await visit(page, path);
          expect(response?.status(), path).toBe(200);
          expect(await page.getAttribute('html', 'lang'), path).toBe(language);
          expect(await page.locator('h1').count(), path).toBe(1);
          found.push(...(await violationsInEveryMode(page)));
        }
      }
      expect(found).toEqual([]);
      expect([...citizen.errors, ...agent.errors]).toEqual([]);
    }, 300_000);

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
