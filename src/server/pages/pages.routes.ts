import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/http-error.ts';
import { requestLanguage } from './language.ts';
import type { PageRenderer } from './page-renderer.ts';

/** The app's pages, prerendered or server-rendered (the reading choices' links: `src/server/reading`). */
export async function pageRoutes(app: FastifyInstance, options: { pages: PageRenderer }) {
  const { pages } = options;

  // Pages that need a sign-in are routes of their own; this catch-all serves the rest to anyone.
  app.get('/*', { config: { access: 'public' } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) throw new HttpError('not_found');
    return pages.send(request, reply, { url: request.url, language: requestLanguage(request) });
  });
}
