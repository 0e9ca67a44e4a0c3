import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { informationSchema, referenceParamsSchema } from '../../shared/dossier.ts';
import type { PageState } from '../../shared/page-render.ts';
import { validate } from '../../shared/validation.ts';
import { citizenOf } from '../auth/principal.ts';
import { ownCallbackRequests } from '../callback/callback-request.service.ts';
import type { Db } from '../db/database.ts';
import { formFields } from '../http/form-fields.ts';
import { formOnce } from '../http/form-once.ts';
import { HttpError } from '../http/http-error.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { parse } from './procedure.routes.ts';
import { changeDossierStatus, dossierOfCitizen, dossiersOfCitizen, dossierView } from './procedure.service.ts';

/** What the dossier page may say after a post, by name (never free text from the address). */
const dossierNotices = ['information_sent', 'information_not_needed'] as const;
const dossierQuerySchema = v.object({ notice: v.optional(v.picklist(dossierNotices)) });

/**
 * "My requests" and a dossier as server-rendered pages, so they open (and the answer to an agent
 * is sent) without JavaScript; the app then takes the same markup over and reads the API.
 */
export async function dossierPageRoutes(app: FastifyInstance, options: { db: Db; pages: PageRenderer }) {
  const { db, pages } = options;
  const citizens = { config: { access: 'citizen' } } as const;

  const send = (request: FastifyRequest, reply: FastifyReply, state: PageState, status?: number) =>
    pages.send(request, reply, { url: request.url, language: requestLanguage(request), state, ...(status ? { status } : {}) });

  app.get('/requests', citizens, async (request, reply) => {
    const { personId } = citizenOf(request);
    const [dossiers, callbacks] = await Promise.all([dossiersOfCitizen(db, personId), ownCallbackRequests(db, personId)]);
    return send(request, reply, { requests: { dossiers, callbacks } });
  });

  /** A dossier of the signed-in citizen; anyone else's is a 404 (dossierOfCitizen). */
  async function showDossier(request: FastifyRequest, reply: FastifyReply, extra: PageState = {}, status?: number) {
    const { reference } = parse(referenceParamsSchema, request.params);
    const dossier = await dossierView(db, await dossierOfCitizen(db, citizenOf(request), reference));
    return send(request, reply, { dossier, ...extra }, status);
  }

  app.get('/requests/:reference', citizens, async (request, reply) => {
    const query = v.safeParse(dossierQuerySchema, request.query);
    const notice = query.success ? query.output.notice : undefined;
    return showDossier(request, reply, notice ? { notice: `dossiers:notices.${notice}` } : {});
  });

  // The form twin of POST /api/dossiers/:reference/information: same schema, then post/redirect/get.
  app.post('/requests/:reference/information', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const { reference } = parse(referenceParamsSchema, request.params);
    // Someone else's dossier is a 404 before anything is said about the answer.
    const dossier = await dossierOfCitizen(db, citizen, reference);
    const form = formFields(request.body);
    const checked = validate(informationSchema, form);
    if (!checked.ok) return showDossier(request, reply, { form: { values: form, errors: checked.errors } }, 422);
    const message = checked.value.message;
    const page = `/requests/${encodeURIComponent(reference)}`;
    try {
      await formOnce(db, request, form, { reference, message }, async (trx) => {
        await changeDossierStatus(trx, dossier, {
          actor: { kind: 'citizen', id: citizen.personId },
          channel: 'web',
          action: 'provide_information',
          message,
        });
        return { sent: true };
      });
    } catch (error) {
      // Answered already (another tab) or taken back by the agent: the page says so rather than an error.
      if (error instanceof HttpError && (error.code === 'transition_not_allowed' || error.code === 'dossier_changed')) {
        return reply.redirect(`${page}?notice=information_not_needed`, 303);
      }
      throw error;
    }
    return reply.redirect(`${page}?notice=information_sent`, 303);
  });
}
