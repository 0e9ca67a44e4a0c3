import type { FastifyRequest } from 'fastify';
import { defaultLanguage, isLanguage, languageCookie, type Language } from '../../shared/languages.ts';

/** The citizen's choice (cookie) first, then what their browser asks for, then French. */
export function requestLanguage(request: FastifyRequest): Language {
  const chosen = request.cookies[languageCookie];
  if (isLanguage(chosen)) return chosen;
  const accepted = String(request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', quality] = part.trim().split(';q=');
      return { language: tag.slice(0, 2).toLowerCase(), quality: quality === undefined ? 1 : Number(quality) };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality);
  return accepted.map((entry) => entry.language).find(isLanguage) ?? defaultLanguage;
}

const ownOrigin = 'http://guichet.invalid';

/**
 * Only same-site paths, so the language link can never be turned into an open redirect. Parsed as
 * a browser would, since browsers drop tabs and newlines ("/\t/evil.example" is "//evil.example").
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  const url = URL.parse(value, ownOrigin);
  return url?.origin === ownOrigin ? `${url.pathname}${url.search}${url.hash}` : '/';
}
