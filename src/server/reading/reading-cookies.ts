import type { FastifyReply, FastifyRequest } from 'fastify';
import { languageCookie } from '../../shared/languages.ts';
import type { ReadingPreferencesChange } from '../../shared/reading-preferences.ts';
import { readAloudCookie, readingCookie } from '../../shared/reading.ts';
import type { CookiePolicy } from '../security/cookie-policy.ts';
import { deviceChoices } from './reading-preferences.service.ts';

const oneYear = 60 * 60 * 24 * 365;

/**
 * Writes reading choices to the device. Readable by the app (not httpOnly), which switches in place
 * and writes the same cookies when JavaScript runs: both paths agree.
 */
export function setReadingCookies(reply: FastifyReply, policy: CookiePolicy, change: ReadingPreferencesChange): void {
  const attributes = { ...policy.attributes, httpOnly: false, maxAge: oneYear };
  if (change.language) reply.setCookie(languageCookie, change.language, attributes);
  if (change.reading) reply.setCookie(readingCookie, change.reading, attributes);
  if (change.readAloud) reply.setCookie(readAloudCookie, change.readAloud, attributes);
}

/** The reading choices this request's cookies hold. */
export function requestReadingChoices(request: FastifyRequest): ReadingPreferencesChange {
  return deviceChoices({
    language: request.cookies[languageCookie],
    reading: request.cookies[readingCookie],
    readAloud: request.cookies[readAloudCookie],
  });
}
