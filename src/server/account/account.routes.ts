import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { requireCitizen } from '../auth/sessions.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { accountView } from './account.service.ts';
import { findOwnCallbackRequest } from './person.repository.ts';
import { pendingPhoneVerification } from './phone-verification.service.ts';

const uuid = v.object({ id: v.pipe(v.string(), v.uuid()) });

/** The citizen's own record: the account page, and their records by id (anyone else's is a 404). */
export async function accountRoutes(app: FastifyInstance, options: { db: Db; pages: PageRenderer; clock: () => Date }) {
  const { db, pages, clock } = options;

  app.get('/account', async (request, reply) => {
    const personId = request.session?.personId;
    if (!personId) return reply.redirect('/auth/login?return=/account', 303);
    const pending = await pendingPhoneVerification(db, personId, clock());
    const account = await accountView(db, personId, pending?.phone ?? null);
    if (!account) throw new HttpError(404, 'not_found');
    return pages.send(request, reply, { url: request.url, language: requestLanguage(request), state: { account } });
  });

  app.get<{ Params: { id: string } }>('/api/account/callback-requests/:id', async (request) => {
    const personId = requireCitizen(request);
    const params = v.safeParse(uuid, request.params);
    const found = params.success ? await findOwnCallbackRequest(db, personId, params.output.id) : undefined;
    if (!found) throw new HttpError(404, 'not_found');
    return { reference: found.reference, topic: found.topic, window: found.time_window, status: found.status, createdAt: found.created_at };
  });
}
