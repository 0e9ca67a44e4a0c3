import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agentRoutes } from '../../src/app/agent-routes.ts';
import { agentWorkspace, routes as citizenRoutes } from '../../src/app/routes.ts';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { memoryVisitNotifier } from '../support/memory-visit-notifier.ts';
import { endonyms, languageCookie, languages, type Language } from '../../src/shared/languages.ts';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { accountHolders, createMatrixFixtures, type MatrixFixtures, type Viewer } from './accessibility-fixtures.ts';
import { accessibilityViolations, colourRules, wcagAndBestPractices } from './axe.ts';
import { reflowProblems } from './reflow.ts';
import { CallbackRequestPage } from './pages/callback-request.page.ts';
import { KeyboardJourney } from './pages/callback-queue.page.ts';

/** Every route the server answers: the citizens' and the agent workspace's. */
const routes = [...citizenRoutes, ...agentRoutes];
const notFound = '/no-such-page';

/** Light, dark and forced colours (Windows high contrast): every page is checked in each, without reloading (every rule in light, the colour rules in the others). */
const colourModes = [
  { name: 'light', media: { colorScheme: 'light', forcedColors: 'none' } },
  { name: 'dark', media: { colorScheme: 'dark', forcedColors: 'none' } },
  { name: 'forced colours', media: { colorScheme: 'light', forcedColors: 'active' } },
] as const;

/** Where the account page's forms post without JavaScript: the account page with the form's errors answers there. */
const formPostAddresses = ['/account/phone', '/account/phone/verify', '/account/preferences'];

/** Whether `path` is an address of the route `pattern` (`:name` matches one segment). */
function isAddressOf(pattern: string, path: string): boolean {
  const wanted = pattern.split('/');
  const given = (path.split('?')[0] ?? '').split('/');
  return wanted.length === given.length && wanted.every((segment, index) => segment.startsWith(':') || segment === given[index]);
}

type MatrixPage = Page & { errors: string[] };

describe.skipIf(!browserAvailable)('accessibility of every page, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };
  let fixtures: MatrixFixtures;
  /** Pages anyone opens: every route without parameters, the ones with records behind them, and a page that does not exist. */
  let publicPaths: string[];
  const visitSms = memoryVisitNotifier();

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchBrowser(),
      startTestServer(
        undefined,
        // Every language asks for a phone code from this one address, at the same time.
        { SMS_MAX_PER_ADDRESS: '100' },
        { visitNotifier: visitSms },
      ),
    ]);
    await seedDemoData(server.database.db);
    fixtures = await createMatrixFixtures(server, visitSms.sent);
    publicPaths = [
      ...routes
        .filter((route) => route.access !== 'citizen' && route.access !== 'agent' && !route.path.includes(':'))
        .map((route) => route.path),
      ...fixtures.paths.anyone,
      notFound,
    ];
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page in its own context, in the given language (as if chosen with the switch), signed in as `viewer`. */
  async function pageIn(
    language: Language,
    viewer: Viewer | (typeof accountHolders)[number] = 'anyone',
    options: BrowserContextOptions = {},
  ): Promise<MatrixPage> {
    // No service worker: each new context would precache the whole app after its first page, work
    // that has nothing to do with what axe reads (offline.spec.ts covers it).
    const page = await openPage(browser, { locale: language === 'fr' ? 'fr-FR' : 'en-GB', serviceWorkers: 'block', ...options });
    const session = Object.entries(fixtures.sessions[viewer] ?? {}).map(([name, value]) => ({ name, value, url: server.url }));
    await page.context().addCookies([...session, { name: languageCookie, value: language, url: server.url }]);
    return page;
  }

  /**
   * Opens a path and waits for the app to settle. Chromium logs the 404 of the "not found" page
   * itself as a console error: that one is expected, any other is a failure.
   */
  async function visit(page: MatrixPage, path: string) {
    const logged = page.errors.length;
    const response = await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
    if (path === notFound) expectDocumentStatusLogged(page, logged, 404);
    return response;
  }

  /** Takes out the console line Chromium logs for a document's own error status, failing if absent. */
  function expectDocumentStatusLogged(page: MatrixPage, since: number, status: number) {
    const [documentStatus, ...others] = page.errors.splice(since);
    expect(documentStatus).toMatch(new RegExp(`status of ${status}`));
    page.errors.push(...others);
  }

  /**
   * The page as it is, in light, dark and forced colours (media emulation, no reload), through axe
   * (WCAG 2.2 AA and best practices); then at 320 CSS pixels wide, where nothing may scroll
   * sideways (WCAG 1.4.10 reflow), even with text at 200 % and WCAG's text spacing (1.4.4, 1.4.12).
   */
  async function problemsOf(page: MatrixPage, label: string): Promise<string[]> {
    const found: string[] = [];
    for (const mode of colourModes) {
      await page.emulateMedia(mode.media);
      const rules = mode.name === 'light' ? wcagAndBestPractices : colourRules;
      found.push(...(await accessibilityViolations(page, rules)).map((line) => `${label} [${mode.name}] ${line}`));
    }
    await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) found.push(`${label} scrolls sideways at 320 px: ${width}px wide`);
    found.push(...(await reflowProblems(page, `${label} at 320 px`)));
    if (viewport) await page.setViewportSize(viewport);
    return found;
  }

  /**
   * A language's own name ("English" on a French page, "Français" on an Arabic one) must carry its
   * language, so a screen reader pronounces it right (WCAG 3.1.2): every element whose whole text is
   * such a name is checked.
   */
  async function foreignNamesWithoutLang(page: MatrixPage, label: string): Promise<string[]> {
    const names = Object.entries(endonyms).map(([code, name]) => ({ code, name }));
    const wrong = await page.evaluate((names) => {
      const found: string[] = [];
      for (const element of document.querySelectorAll<HTMLElement>('body *:not(script):not(style)')) {
        if (element.children.length > 0) continue;
        const text = element.textContent?.trim();
        const named = names.find((candidate) => candidate.name === text);
        const lang = element.closest('[lang]')?.getAttribute('lang');
        if (named && lang !== named.code) found.push(`"${text}" in <${element.localName}> has lang ${lang}`);
      }
      return found;
    }, names);
    return wrong.map((line) => `${label} ${line}`);
  }

  /**
   * A string missing from the page's namespaces shows as its key ("what_is",
   * "terms.full_copy.definition", "errors:code_wrong"): no text or accessible name may look like one.
   */
  async function keysShownAsText(page: MatrixPage, label: string): Promise<string[]> {
    const keys = await page.evaluate(() => {
      const looksLikeKey = (text: string) =>
        /^([a-z-]+:)?[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(text) && /[a-z]/.test(text) && (/[_:]/.test(text) || text.split('.').length > 2);
      const found: string[] = looksLikeKey(document.title) ? [`title "${document.title}"`] : [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        if (looksLikeKey(text) && !node.parentElement?.closest('script, style, template')) found.push(text);
      }
      for (const element of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
        for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
          const text = element.getAttribute(name)?.trim() ?? '';
          if (looksLikeKey(text)) found.push(`${name}="${text}"`);
        }
      }
      return found;
    });
    return keys.map((key) => `${label} shows a key: ${key}`);
  }

  /**
   * A form that sends something, with required fields, says so before its first question (RGAA 11.10): each required field
   * is marked `required`, and the form's statement is visible. A form without one says nothing.
   */
  async function requiredFieldsUnstated(page: MatrixPage, label: string): Promise<string[]> {
    const forms = await page.evaluate(() =>
      [...document.querySelectorAll('form[method=post]')].map((form) => ({
        id: form.id || form.getAttribute('action') || '?',
        required: form.querySelector('[required]') !== null,
        stated: form.querySelector('.form__required')?.checkVisibility() ?? false,
      })),
    );
    return forms
      .filter((form) => form.required !== form.stated)
      .map(
        (form) =>
          `${label} form ${form.id} ${form.required ? 'does not say its fields are required' : 'says fields are required but has none'}`,
      );
  }

  /**
   * Each language's titles and the page that has each: no two pages may share one (WCAG 2.4.2). A
   * page is its address without the query (a step's choices, a form's values).
   */
  const titles = new Map<Language, Map<string, string>>();
  function titleTakenElsewhere(language: Language, path: string, title: string): string[] {
    const seen = titles.get(language) ?? new Map<string, string>();
    titles.set(language, seen);
    const page = path.split('?')[0] ?? path;
    const other = seen.get(title);
    if (other !== undefined && other !== page) return [`${path} has the title of ${other}: "${title}"`];
    seen.set(title, page);
    return [];
  }

  /** Opens each path as its viewer, checks the page is whole and in the language, and returns its problems. */
  async function checkPages(page: MatrixPage, language: Language, paths: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const path of paths) {
      const response = await visit(page, path);
      expect(response?.status(), path).toBe(path === notFound ? 404 : 200);
      expect(await page.getAttribute('html', 'lang'), path).toBe(language);
      expect(await page.locator('h1').count(), path).toBe(1);
      found.push(...(await problemsOf(page, path)));
      found.push(...(await foreignNamesWithoutLang(page, path)));
      found.push(...(await keysShownAsText(page, path)));
      found.push(...(await requiredFieldsUnstated(page, path)));
      found.push(...titleTakenElsewhere(language, path, await page.title()));
    }
    return found;
  }

  it('covers every route, each with a real record behind its parameters', () => {
    // The persona picker's address is made by the provider at each sign-in: it is reached through /auth/login below.
    const checked = [
      ...publicPaths,
      ...Object.values(fixtures.paths).flat(),
      ...formPostAddresses,
      ...Object.values(fixtures.formPosts),
      '/dev-idp/interaction/:uid',
    ];
    const missing = routes.filter((route) => !checked.some((path) => isAddressOf(route.path, path)));
    expect(missing.map((route) => route.path)).toEqual([]);
    expect(checked.filter((path) => path.includes('/:'))).toEqual(['/dev-idp/interaction/:uid']);
  });

  // Languages run side by side: half of each page's time is waiting for the network to be idle.
  describe.concurrent.each(languages)('in %s', (language) => {
    it('every page anyone can open passes axe in light, dark and forced colours, reflows at 320 px, with no script error', async () => {
      const page = await pageIn(language);
      const found = await checkPages(page, language, publicPaths);
      // The development provider's persona picker: the way in for every signed-in page below.
      await page.goto(`${server.url}/auth/login`);
      await page.waitForURL(/\/dev-idp\/interaction\//);
      await page.locator('button[value="marie-dupont"]').waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe(language);
      found.push(...(await problemsOf(page, 'persona picker')));
      expect(found).toEqual([]);
      expect(page.errors).toEqual([]);
    }, 300_000);

    it('every signed-in page, for the citizen and each agent role, passes the same checks', async () => {
      const found: string[] = [];
      const errors: string[] = [];
      for (const [viewer, paths] of Object.entries(fixtures.paths)) {
        if (viewer === 'anyone') continue;
        const page = await pageIn(language, viewer as Viewer);
        found.push(...(await checkPages(page, language, paths)));
        errors.push(...page.errors);
        await page.context().close();
      }
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
    }, 300_000);

    it('the account page where its forms post, with their errors, without JavaScript', async () => {
      // A citizen of this language's own: phone codes sent in one language never meet another's.
      const page = await pageIn(language, accountHolders[languages.indexOf(language)]);
      // Axe itself needs JavaScript: here the app's code never arrives, so the browser posts the forms.
      await page.route(/\/assets\/.+\.js$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
      const keyboard = new KeyboardJourney(page);
      const found: string[] = [];
      const postedWithErrors = async (address: string, send: () => Promise<void>) => {
        const logged = page.errors.length;
        await send();
        await page.waitForURL(`${server.url}${address}`);
        await page.waitForLoadState('networkidle');
        expectDocumentStatusLogged(page, logged, 422);
        expect(await page.getAttribute('html', 'lang'), address).toBe(language);
        expect(await page.locator('.error-summary li, .notice[role=alert]').count(), address).toBeGreaterThan(0);
        found.push(...(await problemsOf(page, address)));
      };

      await visit(page, '/account');
      await postedWithErrors('/account/phone', async () => {
        await keyboard.tabTo('#phone-number-phone');
        await page.keyboard.type('12');
        await page.keyboard.press('Enter');
      });
      // A number of this language's own (codes per number are limited), then a wrong code.
      await keyboard.tabTo('#phone-number-phone');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(`06 99 88 77 ${String(languages.indexOf(language)).padStart(2, '0')}`);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/account\?notice=/);
      await postedWithErrors('/account/phone/verify', async () => {
        await keyboard.tabTo('#phone-code-code');
        await page.keyboard.type('000000');
        await page.keyboard.press('Enter');
      });
      // No language chosen cannot be typed: an older page would send it so.
      await postedWithErrors('/account/preferences', async () => {
        await page.evaluate(() =>
          document.querySelectorAll<HTMLInputElement>('#preferences input[name=language]').forEach((radio) => (radio.checked = false)),
        );
        await keyboard.press('#preferences button[type=submit]');
      });
      expect(found).toEqual([]);
      expect(page.errors).toEqual([]);
    });

    it('the answer to an agent and the document form where they post, with their errors, without JavaScript', async () => {
      const page = await pageIn(language, 'marie-dupont');
      // Axe itself needs JavaScript: here the app's code never arrives, so the browser posts the forms.
      await page.route(/\/assets\/.+\.js$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
      const keyboard = new KeyboardJourney(page);
      const found: string[] = [];
      const posted = async (address: string, formId: string) => {
        // The document form posts to the address it is at: wait for the answer, not for the URL.
        const answered = page.waitForResponse((response) => response.request().method() === 'POST');
        await keyboard.press(`form#${formId} button[type=submit]`);
        expect((await answered).status(), address).toBe(422);
        await page.waitForURL(`${server.url}${address}`);
        await page.waitForLoadState('networkidle');
        expect(await page.getAttribute('html', 'lang'), address).toBe(language);
        expect(await page.locator('.error-summary li').count(), address).toBeGreaterThan(0);
        found.push(...(await problemsOf(page, address)));
      };
      const information = fixtures.formPosts.information;
      await visit(page, information.replace(/\/information$/, ''));
      await posted(information, 'information');
      await visit(page, '/documents?add');
      await posted('/documents?add', 'document');
      expect(found).toEqual([]);
      // Chromium logs each post's 422 when it likes (the multipart one's, late): the answers' statuses are checked above.
      expect(page.errors.filter((line) => !/status of 422/.test(line))).toEqual([]);
    }, 180_000);

    it('the callback form passes the same checks in its error state, from the app and from the server', async () => {
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
        expect(await problemsOf(page, `/callback with errors (${withScripts ? 'app' : 'server'})`)).toEqual([]);
        expect(page.errors).toEqual([]);
      }
    });

    it('without JavaScript, each prerendered citizen page paints its heading and the help bar', async () => {
      const page = await pageIn(language, 'anyone', { javaScriptEnabled: false });
      // The agent workspace (its signed-out page) has its own layout, without the citizens' help bar.
      for (const route of routes.filter((candidate) => candidate.prerender && !agentWorkspace.test(candidate.path))) {
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
