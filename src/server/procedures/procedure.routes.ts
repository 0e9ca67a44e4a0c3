import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import {
  dossierSubmissionSchema,
  draftSchema,
  informationSchema,
  procedureParamsSchema,
  referenceParamsSchema,
  type DraftView,
} from '../../shared/dossier.ts';
import { idempotencyHeader, isIdempotencyKey, offlineHeader, offlineKeep } from '../../shared/http.ts';
import { procedures } from '../../shared/procedures/catalogue.ts';
import { checkProcedureDefinition } from '../../shared/procedures/definition-check.ts';
import { validate } from '../../shared/validation.ts';
import type { DataConnector } from '../connectors/data-connector.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { sendIdempotent } from '../http/idempotency.ts';
import { requestLanguage } from '../pages/language.ts';
import { deleteDraft, findDraft, saveDraft } from './procedure.repository.ts';
import {
  changeDossierStatus,
  dossierOfCitizen,
  dossiersOfCitizen,
  dossierView,
  prefillFor,
  procedureOrThrow,
  submitDossier,
} from './procedure.service.ts';
import { citizenOf, signedInPersonId } from '../auth/principal.ts';
import { citizenOfPerson } from './requester.ts';

interface ProcedureRoutesOptions {
  db: Db;
  connector: DataConnector;
}

/** Parses params, query or body with a shared schema; a bad one is the same 4xx everywhere. */
export function parse<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  refusal: 'not_found' | 'bad_request' = 'not_found',
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new HttpError(refusal);
  return result.output;
}

/** A citizen's procedures: pre-fills, drafts kept across devices, submission, their dossiers. */
export async function procedureRoutes(app: FastifyInstance, options: ProcedureRoutesOptions) {
  const { db, connector } = options;
  const citizens = { config: { access: 'citizen' } } as const;
  // A broken definition stops the server here, at start, never a citizen halfway through.
  procedures.forEach(checkProcedureDefinition);

  // Anyone may start a procedure; a signed-in citizen's answers come pre-filled.
  app.get('/api/procedures/:procedure/prefill', { config: { access: 'public' } }, async (request) => {
    const { procedure } = parse(procedureParamsSchema, request.params);
    const personId = signedInPersonId(request);
    const citizen = personId ? await citizenOfPerson(db, personId) : undefined;
    return prefillFor(db, connector, request.log, citizen, procedureOrThrow(procedure), requestLanguage(request));
  });

  // No draft is an ordinary answer (most starts have none), so it is `null`, not a 404.
  app.get('/api/procedures/:procedure/draft', citizens, async (request): Promise<{ draft: DraftView | null }> => {
    const citizen = citizenOf(request);
    const { procedure } = parse(procedureParamsSchema, request.params);
    const draft = await findDraft(db, citizen.personId, procedure);
    return { draft: draft ? { procedure, answers: draft.answers, updatedAt: draft.updated_at.toISOString() } : null };
  });

  app.put('/api/procedures/:procedure/draft', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const { procedure } = parse(procedureParamsSchema, request.params);
    const checked = validate(draftSchema, request.body);
    if (!checked.ok || checked.value.procedure !== procedure)
      return reply.status(422).send({ error: 'validation', fields: checked.ok ? {} : checked.errors });
    await saveDraft(db, citizen.personId, procedure, checked.value.answers);
    return reply.status(204).send();
  });

  app.delete('/api/procedures/:procedure/draft', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const { procedure } = parse(procedureParamsSchema, request.params);
    await deleteDraft(db, citizen.personId, procedure);
    return reply.status(204).send();
  });

  app.post('/api/dossiers', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const key = request.headers[idempotencyHeader.toLowerCase()];
    if (!isIdempotencyKey(key)) throw new HttpError('idempotency_key_missing');
    const checked = validate(dossierSubmissionSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const outcome = await submitDossier(db, await citizenOfPerson(db, citizen.personId), checked.value, key, requestLanguage(request));
    if (outcome.kind === 'invalid') return reply.status(422).send({ error: 'validation', fields: outcome.errors });
    return sendIdempotent(reply, outcome);
  });

  // The citizen's own dossiers may be kept on their device, to be read offline (see src/sw).
  app.get('/api/dossiers', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const dossiers = await dossiersOfCitizen(db, citizen.personId);
    return reply.header('cache-control', 'private, no-cache').header(offlineHeader, offlineKeep).send(dossiers);
  });

  app.get('/api/dossiers/:reference', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const { reference } = parse(referenceParamsSchema, request.params);
    const dossier = await dossierView(db, await dossierOfCitizen(db, citizen, reference));
    return reply.header('cache-control', 'private, no-cache').header(offlineHeader, offlineKeep).send(dossier);
  });

  /** The citizen answers a request for more information: the dossier goes back to review. */
  app.post('/api/dossiers/:reference/information', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const { reference } = parse(referenceParamsSchema, request.params);
    // Someone else's dossier is a 404 before anything is said about the answer.
    const dossier = await dossierOfCitizen(db, citizen, reference);
    const checked = validate(informationSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    await changeDossierStatus(db, dossier, {
      actor: { kind: 'citizen', id: citizen.personId },
      channel: 'web',
      action: 'provide_information',
      message: checked.value.message,
    });
    return dossierView(db, await dossierOfCitizen(db, citizen, reference));
  });
}
