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

/** Only same-site paths, so the language link can never be turned into an open redirect. */
export function safeReturnPath(value: unknown): string {
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example".
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && !/[\s\p{Cc}]/u.test(value) ? value : '/';
}
