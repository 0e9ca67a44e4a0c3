import type { FastifyRequest } from 'fastify';
import { defaultLanguage, isLanguage, languageCookie, type Language } from '../../shared/languages.ts';
import { effectiveReading, readingCookie, type ReadingMode } from '../../shared/reading.ts';

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

/** Easy-read text when the citizen chose it and the language has it. */
export function requestReading(request: FastifyRequest, language: Language): ReadingMode {
  return effectiveReading(language, request.cookies[readingCookie]);
}
