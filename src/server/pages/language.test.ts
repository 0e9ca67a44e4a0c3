import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLanguage } from './language.ts';

describe('requestLanguage', () => {
  // A bare Fastify with the cookie parser, so requests are parsed exactly as in the real server.
  const app = Fastify();
  beforeAll(async () => {
    await app.register(fastifyCookie);
    app.get('/', async (request) => requestLanguage(request));
    await app.ready();
  });
  afterAll(() => app.close());

  const languageFor = async (headers: Record<string, string>, cookies: Record<string, string> = {}) =>
    (await app.inject({ method: 'GET', url: '/', headers, cookies })).body;

  it('speaks French when the browser says nothing', async () => {
    expect(await languageFor({})).toBe('fr');
  });

  it.each([
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['EN-us', 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['de-DE,de;q=0.9,en;q=0.5', 'de'],
    ['nl-BE', 'nl'],
    ['es-419,es;q=0.9', 'es'],
    ['ar-MA,ar;q=0.9,fr;q=0.8', 'ar'],
    ['it-IT,it;q=0.9,en;q=0.5', 'en'],
    ['it,en;q=0.3,fr;q=0.7', 'fr'],
    ['en;q=0.2, fr-CA;q=0.8', 'fr'],
    ['it-IT,pt;q=0.8', 'fr'],
    ['en;q=0, it', 'fr'],
    ['*', 'fr'],
    ['', 'fr'],
    ['garbage;;q=abc,,', 'fr'],
  ])('Accept-Language "%s" gives %s', async (header, language) => {
    expect(await languageFor({ 'accept-language': header })).toBe(language);
  });

  it('prefers the citizen’s choice (the lang cookie) over the browser’s', async () => {
    expect(await languageFor({ 'accept-language': 'fr-FR' }, { lang: 'en' })).toBe('en');
    expect(await languageFor({ 'accept-language': 'en' }, { lang: 'fr' })).toBe('fr');
  });

  it('ignores a cookie naming a language Guichet does not speak', async () => {
    expect(await languageFor({ 'accept-language': 'en' }, { lang: 'xx' })).toBe('en');
    expect(await languageFor({}, { lang: '<script>' })).toBe('fr');
  });
});
