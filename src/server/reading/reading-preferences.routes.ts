import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { isLanguage } from '../../shared/languages.ts';
import { readingPreferencesSchema, readingPreferencesUrl, type ReadingPreferencesChange } from '../../shared/reading-preferences.ts';
import { isReadAloudMode, isReadingMode } from '../../shared/reading.ts';
import { validate } from '../../shared/validation.ts';
import type { Db } from '../db/database.ts';
import { signedInPersonId } from '../auth/principal.ts';
import { safeReturnPath } from '../http/return-path.ts';
import type { CookiePolicy } from '../security/cookie-policy.ts';
import { setReadingCookies } from './reading-cookies.ts';
import { rememberOnAccount } from './reading-preferences.service.ts';

const returnQuery = v.object({ return: v.optional(v.string()) });

/**
 * How the citizen reads: language, easy-read, read aloud. Plain links that work without JavaScript
 * (a cookie, then back to the page); the app switches in place and tells `PUT /api/reading-preferences`
 * so a signed-in citizen's account follows. A signed-in citizen's choice is stored on the account,
 * from a link only when the browser says it was followed on one of our pages: these are GETs, and
 * another site must not be able to change an account by embedding one.
 */
export async function readingPreferencesRoutes(app: FastifyInstance, options: { db: Db; cookies: CookiePolicy }) {
  const { db, cookies } = options;
  // Anyone chooses how they read; a signed-in citizen's account follows.
  const anyone = { config: { access: 'public' } } as const;

  const rememberAndReturn = async (request: FastifyRequest, reply: FastifyReply, change: ReadingPreferencesChange) => {
    const query = v.safeParse(returnQuery, request.query);
    setReadingCookies(reply, cookies, change);
    if (request.headers['sec-fetch-site'] === 'same-origin') await rememberOnAccount(db, signedInPersonId(request), change);
    return reply.redirect(safeReturnPath(query.success ? query.output.return : undefined), 303);
  };

  app.get<{ Params: { language: string } }>('/language/:language', anyone, async (request, reply) => {
    const { language } = request.params;
    return rememberAndReturn(request, reply, isLanguage(language) ? { language } : {});
  });

  app.get<{ Params: { mode: string } }>('/reading/:mode', anyone, async (request, reply) => {
    const { mode } = request.params;
    return rememberAndReturn(request, reply, isReadingMode(mode) ? { reading: mode } : {});
  });

  app.get<{ Params: { mode: string } }>('/read-aloud/:mode', anyone, async (request, reply) => {
    const { mode } = request.params;
    return rememberAndReturn(request, reply, isReadAloudMode(mode) ? { readAloud: mode } : {});
  });

  app.put(readingPreferencesUrl, anyone, async (request, reply) => {
    const checked = validate(readingPreferencesSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    setReadingCookies(reply, cookies, checked.value);
    await rememberOnAccount(db, signedInPersonId(request), checked.value);
    return reply.status(204).send();
  });
}
