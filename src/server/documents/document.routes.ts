import { randomUUID } from 'node:crypto';
import { Server as TusServer, type Upload } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  agentDocumentParamsSchema,
  documentIdHeader,
  documentMediaTypes,
  documentParamsSchema,
  documentUploadMetadataSchema,
  documentUploadPath,
  type AttachedDocument,
  type DocumentList,
} from '../../shared/documents.ts';
import { referenceParamsSchema } from '../../shared/dossier.ts';
import { offlineHeader, offlineKeep } from '../../shared/http.ts';
import { validate } from '../../shared/validation.ts';
import type { DocumentsConfig } from '../config.ts';
import type { Db } from '../db/database.ts';
import { agentOf, citizenOf } from '../auth/principal.ts';
import { HttpError } from '../http/http-error.ts';
import { parse } from '../procedures/procedure.routes.ts';
import { dossierOfAgent } from '../procedures/procedure.service.ts';
import type { DocumentStorage } from './document-storage.ts';
import { findDossierDocument, findUpload, listDocumentsOfPerson, listDossierDocuments } from './document.repository.ts';
import {
  deleteDocument,
  documentContent,
  documentOfCitizen,
  documentView,
  promoteUpload,
  recordAgentView,
  UploadRefusedError,
  viewingsOfCitizen,
  type DocumentServices,
} from './document.service.ts';
import type { DocumentRow } from './document.table.ts';
import { EncryptedUploadStore, ownerMetadataKey, uploadRequest } from './encrypted-upload.store.ts';
import { uploadStaging } from './upload-staging.ts';
import type { VirusScanner } from './virus-scanner.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { documentPageRoutes } from './document-pages.routes.ts';

interface DocumentRoutesOptions {
  db: Db;
  config: DocumentsConfig;
  publicUrl: URL;
  storage: DocumentStorage;
  scanner: VirusScanner | undefined;
  pages: PageRenderer;
}

const extensions: Record<DocumentRow['media_type'], string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
};

/** A tus error: the status and a JSON body with the code the browser translates. */
function refusal(statusCode: number, body: object) {
  return { status_code: statusCode, body: JSON.stringify(body) };
}

/**
 * The document locker: resumable uploads (tus), the citizen's list, downloads, deletion, "who
 * viewed my documents", and case handlers' audited access to documents attached to their dossiers.
 */
export async function documentRoutes(app: FastifyInstance, options: DocumentRoutesOptions) {
  const { db, config, storage, scanner } = options;
  const citizens = { config: { access: 'citizen' } } as const;
  const caseHandlers = { config: { access: { agent: ['case_handler'] } } } as const;
  const uploads = new EncryptedUploadStore(db, config.masterKeys, uploadStaging(config));
  const services: DocumentServices = { db, keys: config.masterKeys, storage, uploads, scanner, log: app.log };
  // tus hands its hooks a web Request: the owner travels beside it, in the tus call's context.
  const owner = () => {
    const personId = uploadRequest.getStore()?.personId;
    if (!personId) throw refusal(401, { error: 'sign_in_required' });
    return personId;
  };

  const tus = new TusServer({
    path: documentUploadPath,
    datastore: uploads,
    maxSize: config.maxBytes,
    relativeLocation: true,
    allowedOrigins: [options.publicUrl.origin],
    namingFunction: () => randomUUID(),
    // tus would take the id from the end of the whole URL, query included ("…/<own>?x=/<another>"):
    // the id is the route's, checked against the owner before tus runs.
    getFileIdFromRequest: () => uploadRequest.getStore()?.uploadId,
    async onUploadCreate(_request, upload: Upload) {
      const checked = validate(documentUploadMetadataSchema, upload.metadata ?? {});
      if (!checked.ok) throw refusal(422, { error: 'validation', fields: checked.errors });
      if (!documentMediaTypes.some((type) => type === checked.value.filetype)) throw refusal(415, { error: 'document_type_refused' });
      const metadata: Record<string, string> = {};
      for (const [key, value] of Object.entries(upload.metadata ?? {})) {
        if (key in documentUploadMetadataSchema.entries && value !== null) metadata[key] = value;
      }
      return { metadata: { ...metadata, [ownerMetadataKey]: owner() } };
    },
    async onUploadFinish(_request, upload: Upload) {
      try {
        const document = await promoteUpload(services, upload.id);
        return {
          headers: { [documentIdHeader]: document.id, 'content-type': 'application/json' },
          body: JSON.stringify(documentView(document)),
        };
      } catch (error) {
        if (error instanceof UploadRefusedError) throw refusal(error.statusCode, error.refusal);
        app.log.error({ err: error }, 'document upload could not be stored');
        throw refusal(503, { error: 'document_not_stored' });
      }
    },
  });

  await app.register(async (scope) => {
    // The body goes to tus as a stream, read chunk by chunk within the size limit it enforces.
    scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
    const handleTus = async (request: FastifyRequest, reply: FastifyReply) => {
      const citizen = citizenOf(request);
      const { id } = request.params as { id?: string };
      if (id !== undefined) {
        const upload = v.is(v.pipe(v.string(), v.uuid()), id) ? await findUpload(db, id) : undefined;
        if (!upload || upload.person_id !== citizen.personId) throw new HttpError('not_found');
        // The client that lost the last answer learns the document on its next look.
        if (upload.document_id) reply.raw.setHeader(documentIdHeader, upload.document_id);
      }
      reply.hijack();
      reply.raw.setHeader('x-content-type-options', 'nosniff');
      reply.raw.setHeader('cache-control', 'no-store');
      await uploadRequest.run({ personId: citizen.personId, uploadId: id }, () => tus.handle(request.raw, reply.raw));
    };
    scope.post(documentUploadPath, citizens, handleTus);
    scope.route({ method: ['HEAD', 'PATCH', 'DELETE'], url: `${documentUploadPath}/:id`, ...citizens, handler: handleTus });
  });

  // The same locker as pages and plain form posts, for browsers without JavaScript.
  await app.register(documentPageRoutes, { services, pages: options.pages, maxBytes: config.maxBytes });

  app.get('/api/documents', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const rows = await listDocumentsOfPerson(db, citizen.personId);
    const body: DocumentList = { documents: rows.map(documentView), maxBytes: config.maxBytes };
    return reply.header('cache-control', 'private, no-cache').header(offlineHeader, offlineKeep).send(body);
  });

  app.get('/api/documents/viewings', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    return reply.header('cache-control', 'private, no-cache').send(await viewingsOfCitizen(db, citizen.personId));
  });

  app.get('/api/documents/:id', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const { id } = parse(documentParamsSchema, request.params);
    const row = await documentOfCitizen(db, citizen.personId, id);
    return reply.header('cache-control', 'private, no-cache').header(offlineHeader, offlineKeep).send(documentView(row));
  });

  app.get('/api/documents/:id/content', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const { id } = parse(documentParamsSchema, request.params);
    return sendContent(reply, await documentOfCitizen(db, citizen.personId, id));
  });

  app.delete('/api/documents/:id', citizens, async (request, reply) => {
    const citizen = citizenOf(request);
    const { id } = parse(documentParamsSchema, request.params);
    await deleteDocument(services, await documentOfCitizen(db, citizen.personId, id));
    return reply.status(204).send();
  });

  app.get('/api/agent/dossiers/:reference/documents', caseHandlers, async (request): Promise<AttachedDocument[]> => {
    const agent = agentOf(request);
    const { reference } = parse(referenceParamsSchema, request.params);
    const dossier = await dossierOfAgent(db, agent, reference);
    const rows = await listDossierDocuments(db, dossier.id);
    return rows.map((row) => ({ ...documentView(row), question: row.question }));
  });

  app.get('/api/agent/dossiers/:reference/documents/:id/content', caseHandlers, async (request, reply) => {
    const agent = agentOf(request);
    const { reference, id } = parse(agentDocumentParamsSchema, request.params);
    const dossier = await dossierOfAgent(db, agent, reference);
    const row = await findDossierDocument(db, dossier.id, id);
    if (!row) throw new HttpError('not_found');
    await recordAgentView(db, agent, row, reference);
    return sendContent(reply, row);
  });

  /**
   * Always a download, never a page: the browser saves the file instead of running it, may not
   * guess another type, and would sandbox it if it ever displayed it.
   */
  async function sendContent(reply: FastifyReply, row: DocumentRow) {
    const content = await documentContent(services, row);
    const fileName = `${row.name.replace(/[^\p{L}\p{N} _-]/gu, '_').slice(0, 80) || 'document'}.${extensions[row.media_type]}`;
    const asciiName = fileName.replace(/[^A-Za-z0-9 ._-]/g, '_');
    return reply
      .header('content-type', row.media_type)
      .header('content-length', row.size)
      .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(content);
  }
}
