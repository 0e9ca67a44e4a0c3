import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { isLanguage, languageCookie } from '../../shared/languages.ts';
import { HttpError } from '../http/http-error.ts';
import type { CookiePolicy } from '../security/cookie-policy.ts';
import { requestLanguage, safeReturnPath } from './language.ts';
import type { PageRenderer } from './page-renderer.ts';

const languageQuery = v.object({ return: v.optional(v.string()) });

/** The app's pages (prerendered or server-rendered) and the no-JavaScript language switch. */
export async function pageRoutes(app: FastifyInstance, options: { pages: PageRenderer; cookies: CookiePolicy }) {
  const { pages, cookies } = options;

  app.get<{ Params: { language: string } }>('/language/:language', async (request, reply) => {
    const query = v.safeParse(languageQuery, request.query);
    const returnPath = safeReturnPath(query.success ? query.output.return : undefined);
    if (isLanguage(request.params.language)) {
      reply.setCookie(languageCookie, request.params.language, {
        ...cookies.attributes,
        httpOnly: false,
        maxAge: 60 * 60 * 24 * 365,
      });
    }
    return reply.redirect(returnPath, 303);
  });

  app.get('/*', async (request, reply) => {
    if (request.url.startsWith('/api/')) throw new HttpError(404, 'not_found');
    return pages.send(request, reply, { url: request.url, language: requestLanguage(request) });
  });
}
