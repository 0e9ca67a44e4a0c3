import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languages } from '../../src/shared/languages.ts';
import type { PageRendererModule } from '../../src/shared/page-render.ts';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

const validRequest = { phone: '06 12 34 56 78', topic: 'school', window: 'morning' };

/** The Content-Security-Policy header as directive → sources. */
function policy(header: unknown): Map<string, string[]> {
  return new Map(
    String(header ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

/** Every `<script>` of a page, with its attributes and what it holds. */
function scripts(html: string): { attributes: string; body: string }[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map((match) => ({
    attributes: match[1] ?? '',
    body: match[2] ?? '',
  }));
}

/** The page's opening `<html …>` tag. */
const htmlElement = (html: string) => /<html\b[^>]*>/.exec(html)?.[0] ?? '';

describe.each(databaseKinds)('security defaults on %s', (kind) => {
  let test: TestApp;
  let citizen: Visitor;
  let pagePaths: string[];
  let reference: string;

  beforeAll(async () => {
    test = await createTestApp(kind);
    citizen = await visitor(test.app);
    const renderer = (await import(pathToFileURL(test.config.ssrEntry).href)) as PageRendererModule;
    pagePaths = [...renderer.prerenderPaths];
    const created = await citizen.postJson('/api/callback-requests', validRequest, { idempotencyKey: 'security-test-key-0001' });
    reference = created.json<{ reference: string }>().reference;
  });
  afterAll(() => test.close());

  const rowCount = async () => (await test.database.db.selectFrom('callback_request').select('reference').execute()).length;

  describe('Content-Security-Policy', () => {
    it('allows only our own scripts, never inline ones', async () => {
      const response = await citizen.get('/');
      const directives = policy(response.headers['content-security-policy']);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('script-src-attr')).toEqual(["'none'"]);
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('form-action')).toEqual(["'self'"]);
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      expect(directives.get('style-src')).not.toContain("'unsafe-inline'");
    });

    it('is sent with the API, the health check and the static files too', async () => {
      for (const url of ['/api/csrf', '/healthz', '/manifest.webmanifest']) {
        const response = await citizen.get(url);
        expect(response.statusCode, url).toBe(200);
        expect(policy(response.headers['content-security-policy']).get('script-src'), url).toEqual(["'self'"]);
      }
    });

    it('allows each inline <style> block by its hash, and nothing else inline', async () => {
      const response = await citizen.get('/');
      const allowed = policy(response.headers['content-security-policy']).get('style-src') ?? [];
      const styles = [...response.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] ?? '');
      expect(styles.length).toBeGreaterThan(0);
      for (const style of styles) {
        expect(allowed).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
      }
      expect(response.body).not.toMatch(/\sstyle="/);
      expect(response.body).not.toMatch(/\son[a-z]+="/);
    });
  });

  describe('no inline script on any page', () => {
    it('finds the pages to check', () => {
      expect(pagePaths).toEqual(expect.arrayContaining(['/', '/callback']));
    });

    it.each(languages)('in %s: prerendered pages load scripts by src only', async (language) => {
      const reader = await visitor(test.app, { language });
      for (const path of pagePaths) {
        const response = await reader.get(path);
        expect(response.statusCode, path).toBe(200);
        const found = scripts(response.body);
        expect(found.length, path).toBeGreaterThan(0);
        for (const script of found) {
          expect(script.attributes, path).toMatch(/\ssrc="\/[^"]+"/);
          expect(script.body, path).toBe('');
        }
      }
    });

    it('server-rendered pages hold only the JSON state block besides', async () => {
      const pages = [
        await citizen.postForm('/callback', { phone: '</script><script>alert(1)</script>' }),
        await citizen.get(`/callback/confirmation/${reference}`),
        await citizen.get('/no-such-page'),
      ];
      for (const response of pages) {
        const inline = scripts(response.body).filter((script) => !/\ssrc=/.test(script.attributes));
        for (const script of inline) {
          expect(script.attributes).toMatch(/\stype="application\/json"/);
          expect(script.attributes).toMatch(/\sid="page-state"/);
          expect(script.body).not.toContain('<');
        }
      }
      // The typed value comes back in the JSON block, escaped so it cannot close the script.
      expect(scripts(pages[0]?.body ?? '').filter((script) => /application\/json/.test(script.attributes))).toHaveLength(1);
    });

    it('escapes a reference typed into the confirmation URL', async () => {
      const response = await citizen.get('/callback/confirmation/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
      expect(response.body).not.toContain('<img src=x');
      expect(response.body).toContain('&lt;img src=x onerror=alert(1)>');
    });
  });

  describe('cross-site requests', () => {
    it('refuses a form posted from another site (Origin) with a translated 403 page, storing nothing', async () => {
      const before = await rowCount();
      const response = await citizen.request({
        method: 'POST',
        url: '/callback',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', host: 'localhost:8080' },
        payload: new URLSearchParams({ _csrf: citizen.csrfToken, ...validRequest }).toString(),
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('Votre demande n’a pas pu être envoyée');
      expect(await rowCount()).toBe(before);
    });

    it('refuses a post a browser marks cross-site (Sec-Fetch-Site), in the citizen’s language', async () => {
      const english = await visitor(test.app, { language: 'en' });
      const before = await rowCount();
      const response = await english.request({
        method: 'POST',
        url: '/callback',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        payload: new URLSearchParams({ _csrf: english.csrfToken, ...validRequest }).toString(),
      });
      expect(response.statusCode).toBe(403);
      expect(htmlElement(response.body)).toMatch(/^<html lang="en" dir="ltr"/);
      expect(response.body).not.toContain('Votre demande');
      expect(await rowCount()).toBe(before);
    });

    it('refuses a same-site post from a sibling subdomain (Sec-Fetch-Site: same-site)', async () => {
      const response = await citizen.request({
        method: 'POST',
        url: '/api/callback-requests',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': citizen.csrfToken,
          'idempotency-key': 'security-same-site-0001',
          'sec-fetch-site': 'same-site',
        },
        payload: JSON.stringify(validRequest),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ error: 'csrf' });
    });

    it('refuses a form post without the CSRF token, or with another visitor’s', async () => {
      const stranger = await visitor(test.app);
      const before = await rowCount();
      for (const token of ['', stranger.csrfToken, 'x'.repeat(43)]) {
        const response = await citizen.request({
          method: 'POST',
          url: '/callback',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:8080', host: 'localhost:8080' },
          payload: new URLSearchParams({ ...(token ? { _csrf: token } : {}), ...validRequest }).toString(),
        });
        expect(response.statusCode).toBe(403);
        expect(response.body).toContain('La page a expiré');
      }
      expect(await rowCount()).toBe(before);
    });

    it('refuses an API call without the CSRF header, in JSON', async () => {
      const response = await citizen.request({
        method: 'POST',
        url: '/api/callback-requests',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'security-no-token-0001', 'sec-fetch-site': 'same-origin' },
        payload: JSON.stringify(validRequest),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ error: 'csrf' });
    });

    it('sets the CSRF cookie SameSite=Strict, readable by our scripts only through the same origin', async () => {
      const response = await test.app.inject({ method: 'GET', url: '/' });
      const cookie = response.cookies.find((item) => item.name === 'csrf');
      expect(cookie).toMatchObject({ sameSite: 'Strict', path: '/', secure: true });
      expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });
  });

  describe('errors', () => {
    it('answers an unknown API path with JSON 404, not a page', async () => {
      for (const method of ['GET', 'POST'] as const) {
        const response = await citizen.request({
          method,
          url: '/api/no-such-thing',
          headers: { 'sec-fetch-site': 'same-origin', 'x-csrf-token': citizen.csrfToken },
        });
        expect(response.statusCode, method).toBe(404);
        expect(response.headers['content-type'], method).toContain('application/json');
        expect(response.json(), method).toEqual({ error: 'not_found' });
      }
    });

    it('answers any other method on a page path with the translated 404 page', async () => {
      const response = await citizen.request({
        method: 'PUT',
        url: '/no-such-page',
        headers: { 'sec-fetch-site': 'same-origin', 'x-csrf-token': citizen.csrfToken },
      });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('Page introuvable');
    });

    it('answers an unknown page with a translated 404 page', async () => {
      const response = await citizen.get('/no-such-page');
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('Page introuvable');
    });

    it('shows a server error as a sentence and a way to reach a human, never a stack trace', async () => {
      const broken = await createTestApp(kind);
      try {
        const someone = await visitor(broken.app);
        await broken.database.drop();
        const page = await someone.postForm('/callback', validRequest);
        expect(page.statusCode).toBe(500);
        expect(page.headers['content-type']).toContain('text/html');
        expect(page.body).toContain('Un problème est survenu');
        expect(page.body).toContain('05 55 00 00 00');
        for (const leak of [/\bat .+:\d+:\d+/, /node_modules/, /Error:/, /destroyed/i, /\/src\//]) {
          expect(page.body).not.toMatch(leak);
        }
        const api = await someone.postJson('/api/callback-requests', validRequest, { idempotencyKey: 'security-broken-db-0001' });
        expect(api.statusCode).toBe(500);
        expect(api.json()).toEqual({ error: 'internal' });
      } finally {
        await broken.app.close();
      }
    });
  });

  describe('language', () => {
    it.each(['//evil.example', '//evil.example/callback', '/\\evil.example', 'https://evil.example/', '/%09/evil.example'])(
      'the switch never sends the citizen off site: return=%s goes to /',
      async (target) => {
        const response = await citizen.get(`/language/en?return=${encodeURIComponent(decodeURIComponent(target))}`);
        expect(response.statusCode).toBe(303);
        expect(response.headers.location).toBe('/');
      },
    );

    it('the switch returns to the page it was used on and remembers the choice', async () => {
      const reader = await visitor(test.app);
      const response = await reader.get('/language/en?return=%2Fcallback');
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/callback');
      expect(reader.cookies.lang).toBe('en');
      expect(htmlElement((await reader.get('/callback')).body)).toMatch(/^<html lang="en" dir="ltr"/);
      await reader.get('/language/fr?return=%2F');
      expect(htmlElement((await reader.get('/')).body)).toMatch(/^<html lang="fr" dir="ltr"/);
    });

    it('ignores a language Guichet does not speak', async () => {
      const reader = await visitor(test.app);
      await reader.get('/language/xx?return=%2F');
      expect(reader.cookies.lang).toBeUndefined();
      expect(htmlElement((await reader.get('/')).body)).toMatch(/^<html lang="fr" dir="ltr"/);
    });

    it('<html lang dir> follow the cookie first, then Accept-Language, then French', async () => {
      const html = async (headers: Record<string, string>, cookies: Record<string, string> = {}) =>
        htmlElement((await test.app.inject({ method: 'GET', url: '/callback', headers, cookies })).body);
      expect(await html({})).toMatch(/^<html lang="fr" dir="ltr"/);
      expect(await html({ 'accept-language': 'en-GB,en;q=0.9' })).toMatch(/^<html lang="en" dir="ltr"/);
      expect(await html({ 'accept-language': 'en-GB' }, { lang: 'fr' })).toMatch(/^<html lang="fr" dir="ltr"/);
      expect(await html({}, { lang: 'en' })).toMatch(/^<html lang="en" dir="ltr"/);
    });
  });
});
