import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { isLanguage, languageCookie } from '../../shared/languages.ts';
import { isReadingMode, readingCookie } from '../../shared/reading.ts';
import { HttpError } from '../http/http-error.ts';
import type { CookiePolicy } from '../security/cookie-policy.ts';
import { requestLanguage, safeReturnPath } from './language.ts';
import type { PageRenderer } from './page-renderer.ts';

const returnQuery = v.object({ return: v.optional(v.string()) });

/** The app's pages (prerendered or server-rendered) and the no-JavaScript preference links. */
export async function pageRoutes(app: FastifyInstance, options: { pages: PageRenderer; cookies: CookiePolicy }) {
  const { pages, cookies } = options;

  /** Remembers a reading preference for a year and goes back to the page the citizen was on. */
  const rememberAndReturn = (request: FastifyRequest, reply: FastifyReply, cookie: string, value: string | undefined) => {
    const query = v.safeParse(returnQuery, request.query);
    if (value !== undefined) {
      // Readable by the app, which switches in place when JavaScript runs.
      reply.setCookie(cookie, value, { ...cookies.attributes, httpOnly: false, maxAge: 60 * 60 * 24 * 365 });
    }
    return reply.redirect(safeReturnPath(query.success ? query.output.return : undefined), 303);
  };

  app.get<{ Params: { language: string } }>('/language/:language', async (request, reply) => {
    const { language } = request.params;
    return rememberAndReturn(request, reply, languageCookie, isLanguage(language) ? language : undefined);
  });

  app.get<{ Params: { mode: string } }>('/reading/:mode', async (request, reply) => {
    const { mode } = request.params;
    return rememberAndReturn(request, reply, readingCookie, isReadingMode(mode) ? mode : undefined);
  });

  app.get('/*', async (request, reply) => {
    if (request.url.startsWith('/api/')) throw new HttpError(404, 'not_found');
    return pages.send(request, reply, { url: request.url, language: requestLanguage(request) });
  });
}
