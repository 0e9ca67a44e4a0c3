import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import {
  dossierSubmissionSchema,
  draftSchema,
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
import { deleteDraft, findDraft, insertUpload, listDossiersOfPerson, saveDraft } from './procedure.repository.ts';
import {
  changeDossierStatus,
  dossierOfCitizen,
  dossierSummary,
  dossierView,
  prefillFor,
  procedureOrThrow,
  submitDossier,
} from './procedure.service.ts';
import { requireCitizen, type Requesters } from './requester.ts';

interface ProcedureRoutesOptions {
  db: Db;
  connector: DataConnector;
  requesters: Requesters;
}

/** Parses params, query or body with a shared schema; a bad one is the same 4xx everywhere. */
export function parse<S extends v.GenericSchema>(schema: S, input: unknown, status = 404): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new HttpError(status, status === 404 ? 'not_found' : 'bad_request');
  return result.output;
}

const informationSchema = v.object({
  message: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.nonEmpty('procedures:errors.required'),
    v.maxLength(2000, 'procedures:errors.too_long'),
  ),
});

/** Accepted proofs, recognised by their first bytes rather than by what the browser claims. */
const documentSignatures: { mediaType: string; magic: number[] }[] = [
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
];

/** A citizen's procedures: pre-fills, drafts kept across devices, submission, their dossiers. */
export async function procedureRoutes(app: FastifyInstance, options: ProcedureRoutesOptions) {
  const { db, connector, requesters } = options;
  // A broken definition stops the server here, at start, never a citizen halfway through.
  procedures.forEach(checkProcedureDefinition);

  app.get('/api/procedures/:procedure/prefill', async (request) => {
    const { procedure } = parse(procedureParamsSchema, request.params);
    return prefillFor(db, connector, request.log, await requesters.citizen(request), procedureOrThrow(procedure));
  });

  // No draft is an ordinary answer (most starts have none), so it is `null`, not a 404.
  app.get('/api/procedures/:procedure/draft', async (request): Promise<{ draft: DraftView | null }> => {
    const citizen = await requireCitizen(requesters, request);
    const { procedure } = parse(procedureParamsSchema, request.params);
    const draft = await findDraft(db, citizen.personId, procedure);
    return { draft: draft ? { procedure, answers: draft.answers, updatedAt: draft.updated_at.toISOString() } : null };
  });

  app.put('/api/procedures/:procedure/draft', async (request, reply) => {
    const citizen = await requireCitizen(requesters, request);
    const { procedure } = parse(procedureParamsSchema, request.params);
    const checked = validate(draftSchema, request.body);
    if (!checked.ok || checked.value.procedure !== procedure)
      return reply.status(422).send({ error: 'validation', fields: checked.ok ? {} : checked.errors });
    await saveDraft(db, citizen.personId, procedure, checked.value.answers);
    return reply.status(204).send();
  });

  app.delete('/api/procedures/:procedure/draft', async (request, reply) => {
    const citizen = await requireCitizen(requesters, request);
    const { procedure } = parse(procedureParamsSchema, request.params);
    await deleteDraft(db, citizen.personId, procedure);
    return reply.status(204).send();
  });

  app.post('/api/dossiers', async (request, reply) => {
    const citizen = await requireCitizen(requesters, request);
    const key = request.headers[idempotencyHeader.toLowerCase()];
    if (!isIdempotencyKey(key)) throw new HttpError(400, 'idempotency_key_missing');
    const checked = validate(dossierSubmissionSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const outcome = await submitDossier(db, citizen, checked.value, key, requestLanguage(request));
    if (outcome.kind === 'invalid') return reply.status(422).send({ error: 'validation', fields: outcome.errors });
    return sendIdempotent(reply, outcome);
  });

  // The citizen's own dossiers may be kept on their device, to be read offline (see src/sw).
  app.get('/api/dossiers', async (request, reply) => {
    const citizen = await requireCitizen(requesters, request);
    const dossiers = (await listDossiersOfPerson(db, citizen.personId)).filter((row) => row.status !== 'draft').map(dossierSummary);
    return reply.header('cache-control', 'private, no-cache').header(offlineHeader, offlineKeep).send(dossiers);
  });

  app.get('/api/dossiers/:reference', async (request, reply) => {
    const citizen = await requireCitizen(requesters, request);
    const { reference } = parse(referenceParamsSchema, request.params);
    const dossier = await dossierView(db, await dossierOfCitizen(db, citizen, reference));
    return reply.header('cache-control', 'private, no-cache').header(offlineHeader, offlineKeep).send(dossier);
  });

  /** The citizen answers a request for more information: the dossier goes back to review. */
  app.post('/api/dossiers/:reference/information', async (request, reply) => {
    const citizen = await requireCitizen(requesters, request);
    const { reference } = parse(referenceParamsSchema, request.params);
    const checked = validate(informationSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const dossier = await dossierOfCitizen(db, citizen, reference);
    await changeDossierStatus(db, dossier, {
      actor: { kind: 'citizen', id: citizen.personId },
      channel: 'web',
      action: 'provide_information',
      message: checked.value.message,
    });
    return dossierView(db, await dossierOfCitizen(db, citizen, reference));
  });

  await app.register(async (uploads) => {
    uploads.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    uploads.post('/api/procedure-uploads', { bodyLimit: 5 * 1024 * 1024 }, async (request, reply) => {
      const citizen = await requireCitizen(requesters, request);
      const content = request.body;
      if (!Buffer.isBuffer(content) || content.length === 0) throw new HttpError(422, 'document_empty');
      const kind = documentSignatures.find((signature) => signature.magic.every((byte, index) => content[index] === byte));
      if (!kind) throw new HttpError(415, 'document_type_refused');
      const name = String(request.headers['x-file-name'] ?? 'document');
      const fileName =
        decodeURIComponent(name)
          .replace(/[^\p{L}\p{N} ._-]/gu, '')
          .slice(0, 120) || 'document';
      const stored = await insertUpload(db, { person_id: citizen.personId, file_name: fileName, media_type: kind.mediaType, content });
      return reply.status(201).send({ id: stored.id, fileName: stored.file_name, size: stored.size });
    });
  });
}
