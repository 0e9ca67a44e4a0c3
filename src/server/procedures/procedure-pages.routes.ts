import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { idempotencyFormField, isIdempotencyKey } from '../../shared/http.ts';
import { signInHref, type ProcedurePageState } from '../../shared/procedure-page.ts';
import { answersSchema, askedSteps, questionFields, type FormValues } from '../../shared/procedures/answers.ts';
import type { ProcedureDefinition, Step } from '../../shared/procedures/definition.ts';
import { validate, type FieldErrors } from '../../shared/validation.ts';
import { citizenOf } from '../auth/principal.ts';
import type { DataConnector } from '../connectors/data-connector.ts';
import type { Db } from '../db/database.ts';
import { listDocumentsOfPerson } from '../documents/document.repository.ts';
import { documentView } from '../documents/document.service.ts';
import { formFields } from '../http/form-fields.ts';
import { HttpError } from '../http/http-error.ts';
import { safeReturnPath } from '../http/return-path.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { deleteDraft, findDossierBySubmissionKey, findDraft, saveDraft } from './procedure.repository.ts';
import { prefillFor, procedureOrThrow, submitDossier } from './procedure.service.ts';
import { citizenOfPerson } from './requester.ts';

interface ProcedurePageRoutesOptions {
  db: Db;
  connector: DataConnector;
  pages: PageRenderer;
}

const stepQuerySchema = v.object({ return: v.optional(v.string()) });

/**
 * A procedure's pages as the server renders them, so the journey works without JavaScript: the
 * start page (which says first that sending needs a sign-in, and the other ways), each step and
 * check-your-answers with the answers the server keeps in the citizen's draft, and their form
 * posts (post/redirect/get, the shared answer schema, errors sent back with every value kept). The
 * app draws the same markup and takes over when its script loads.
 */
export async function procedurePageRoutes(app: FastifyInstance, options: ProcedurePageRoutesOptions) {
  const { db, connector, pages } = options;
  // The pages sign a visitor in first (route-access.ts does it for GET); the posts do it themselves,
  // so a session that ended sends the browser to sign in and back to the page, not to a 401.
  const citizens = { config: { access: 'citizen' } } as const;
  const posts = { config: { access: 'public' } } as const;

  /** The answers the server keeps for this citizen, over what is known of them (as the app merges them). */
  async function pageState(request: FastifyRequest, personId: string, definition: ProcedureDefinition, step?: Step) {
    const citizen = await citizenOfPerson(db, personId);
    const [prefill, draft] = await Promise.all([
      prefillFor(db, connector, request.log, citizen, definition),
      findDraft(db, personId, definition.id),
    ]);
    const typed = Object.fromEntries(Object.entries(draft?.answers ?? {}).filter(([, value]) => value !== ''));
    const frozen = Object.fromEntries(Object.entries(prefill.values).filter(([name]) => prefill.origins[name.split('.')[0] ?? '']?.frozen));
    const state: ProcedurePageState = {
      procedure: definition.id,
      values: { ...prefill.values, ...typed, ...frozen },
      origins: prefill.origins,
      ...(draft ? { draftSavedAt: draft.updated_at.toISOString() } : {}),
    };
    if (step?.questions.some((question) => question.type === 'document')) {
      state.documents = (await listDocumentsOfPerson(db, personId)).filter((row) => row.status !== 'quarantined').map(documentView);
    }
    return state;
  }

  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    procedure: ProcedurePageState | undefined,
    extra: { url?: string; status?: number; errors?: FieldErrors } = {},
  ) =>
    pages.send(request, reply, {
      url: extra.url ?? request.url,
      language: requestLanguage(request),
      ...(extra.status ? { status: extra.status } : {}),
      state: {
        ...(procedure ? { procedure } : {}),
        ...(extra.errors && procedure ? { form: { values: procedure.values, errors: extra.errors } } : {}),
      },
    });

  /** The signed-in citizen posting, or a redirect to sign in and come back to the page. */
  const poster = (request: FastifyRequest, reply: FastifyReply, page: string): string | FastifyReply =>
    request.principal.kind === 'citizen' ? request.principal.personId : reply.redirect(signInHref(safeReturnPath(page)), 303);

  const stepOf = (definition: ProcedureDefinition, id: string): Step => {
    const step = definition.steps.find((candidate) => candidate.id === id);
    if (!step) throw new HttpError('not_found');
    return step;
  };

  // The start page is for anyone: signed out, it says before any question that sending needs a sign-in.
  app.get<{ Params: { procedure: string } }>('/procedures/:procedure', { config: { access: 'public' } }, async (request, reply) => {
    const definition = procedureOrThrow(request.params.procedure);
    const personId = request.principal.kind === 'citizen' ? request.principal.personId : undefined;
    return send(request, reply, personId ? await pageState(request, personId, definition) : undefined);
  });

  // "Start again": the kept answers go, the first step opens empty (but pre-filled).
  app.post<{ Params: { procedure: string } }>('/procedures/:procedure/start-again', posts, async (request, reply) => {
    const definition = procedureOrThrow(request.params.procedure);
    const base = `/procedures/${definition.id}`;
    const personId = poster(request, reply, base);
    if (typeof personId !== 'string') return personId;
    await deleteDraft(db, personId, definition.id);
    return reply.redirect(`${base}/steps/${definition.steps[0]?.id ?? ''}`, 303);
  });

  app.get<{ Params: { procedure: string; step: string } }>('/procedures/:procedure/steps/:step', citizens, async (request, reply) => {
    const definition = procedureOrThrow(request.params.procedure);
    const step = stepOf(definition, request.params.step);
    return send(request, reply, await pageState(request, citizenOf(request).personId, definition, step));
  });

  app.post<{ Params: { procedure: string; step: string } }>('/procedures/:procedure/steps/:step', posts, async (request, reply) => {
    const definition = procedureOrThrow(request.params.procedure);
    const step = stepOf(definition, request.params.step);
    const base = `/procedures/${definition.id}`;
    const query = v.safeParse(stepQuerySchema, request.query);
    const returnToCheck = query.success && query.output.return === 'check';
    const page = `${base}/steps/${step.id}${returnToCheck ? '?return=check' : ''}`;
    const personId = poster(request, reply, page);
    if (typeof personId !== 'string') return personId;

    const state = await pageState(request, personId, definition, step);
    // What sign-in proved stays as proved, whatever the post says (a frozen answer is not the citizen's to change).
    const frozen = Object.fromEntries(Object.entries(state.values).filter(([name]) => state.origins[name.split('.')[0] ?? '']?.frozen));
    const values: FormValues = { ...state.values, ...postedAnswers(step, request.body), ...frozen };
    // A locker document chosen: its name goes with it, for the check page (it is not an answer).
    for (const question of step.questions) {
      const chosen = question.type === 'document' ? state.documents?.find((document) => document.id === values[question.id]) : undefined;
      if (chosen) values[`${question.id}.name`] = chosen.name;
    }
    // Kept even when refused: what was typed is never lost, on this device or another.
    await saveDraft(db, personId, definition.id, values);
    const checked = validate(answersSchema(definition, step.id), values);
    if (!checked.ok) return send(request, reply, { ...state, values }, { url: page, status: 422, errors: checked.errors });

    const steps = askedSteps(definition, values);
    const next = steps[steps.findIndex((candidate) => candidate.id === step.id) + 1];
    return reply.redirect(returnToCheck || !next ? `${base}/check` : `${base}/steps/${next.id}`, 303);
  });

  app.get<{ Params: { procedure: string } }>('/procedures/:procedure/check', citizens, async (request, reply) => {
    const definition = procedureOrThrow(request.params.procedure);
    return send(request, reply, await pageState(request, citizenOf(request).personId, definition));
  });

  app.post<{ Params: { procedure: string } }>('/procedures/:procedure/check', posts, async (request, reply) => {
    const definition = procedureOrThrow(request.params.procedure);
    const base = `/procedures/${definition.id}`;
    const personId = poster(request, reply, `${base}/check`);
    if (typeof personId !== 'string') return personId;
    const formKey = formFields(request.body)[idempotencyFormField];
    const key = isIdempotencyKey(formKey) ? formKey : randomUUID();
    const confirmation = (reference: string) => reply.redirect(`${base}/confirmation/${encodeURIComponent(reference)}`, 303);

    // Pressed twice: the first press filed it (and emptied the draft), the second finds it.
    const filed = await findDossierBySubmissionKey(db, personId, key);
    if (filed) return confirmation(filed.reference);
    const state = await pageState(request, personId, definition);
    const outcome = await submitDossier(
      db,
      await citizenOfPerson(db, personId),
      { procedure: definition.id, answers: state.values },
      key,
      requestLanguage(request),
    );
    if (outcome.kind === 'invalid') return send(request, reply, state, { url: `${base}/check`, status: 422, errors: outcome.errors });
    if (outcome.kind === 'mismatch') throw new HttpError('idempotency_key_reused');
    return confirmation(outcome.body.reference);
  });
}

/**
 * The step's answers from a urlencoded post, one string per field as the app keeps them: ticked
 * boxes of a multiple choice joined by commas, an unticked or absent field empty (so un-ticking
 * every box is an answer too).
 */
function postedAnswers(step: Step, body: unknown): FormValues {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const answers: FormValues = {};
  for (const question of step.questions) {
    for (const name of questionFields(question)) {
      const value = fields[name];
      const all = (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
      answers[name] = question.type === 'multiple_choice' ? all.filter(Boolean).join(',') : (all[0] ?? '');
    }
  }
  return answers;
}
