import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { documentFormSchema, documentParamsSchema, documentReturnPattern } from '../../shared/documents.ts';
import type { PageState } from '../../shared/page-render.ts';
import { validate, type FieldErrors } from '../../shared/validation.ts';
import { citizenOf } from '../auth/principal.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { parse } from '../procedures/procedure.routes.ts';
import { describeUpload, listDocumentsOfPerson } from './document.repository.ts';
import {
  deleteDocument,
  documentOfCitizen,
  documentView,
  promoteUpload,
  UploadRefusedError,
  viewingsOfCitizen,
  type DocumentServices,
} from './document.service.ts';
import { formUploadOf, formUploadParser, receiveFormUpload } from './form-upload.ts';

const documentsQuerySchema = v.object({ document: v.optional(v.pipe(v.string(), v.uuid())) });

/**
 * "My documents" as server-rendered pages: the list, the form to add one (a multipart post whose
 * file goes to the same encrypted store and the same checks as the resumable uploads), one
 * document, and its deletion after a confirmation page. The app enhances the same markup.
 */
export async function documentPageRoutes(
  app: FastifyInstance,
  options: { services: DocumentServices; pages: PageRenderer; maxBytes: number },
) {
  const { services, pages, maxBytes } = options;
  const { db } = services;
  const citizens = { config: { access: 'citizen' } } as const;
  await app.register(multipart, formUploadParser(maxBytes));

  /** The page at `url` with the citizen's documents (one of them with `?document=`). */
  async function showDocuments(request: FastifyRequest, reply: FastifyReply, url: string, extra: PageState = {}, status?: number) {
    const { personId } = citizenOf(request);
    const query = v.safeParse(documentsQuerySchema, request.query);
    const id = query.success ? query.output.document : undefined;
    const documents: NonNullable<PageState['documents']> = id
      ? { document: documentView(await documentOfCitizen(db, personId, id)) }
      : {
          list: { documents: (await listDocumentsOfPerson(db, personId)).map(documentView), maxBytes },
          viewings: await viewingsOfCitizen(db, personId),
        };
    return pages.send(request, reply, {
      url,
      language: requestLanguage(request),
      state: { documents, ...extra },
      ...(status ? { status } : {}),
    });
  }

  app.get('/documents', citizens, async (request, reply) => showDocuments(request, reply, request.url));

  app.post(
    '/documents',
    { ...citizens, preValidation: receiveFormUpload({ db, uploads: services.uploads, maxBytes, fileField: 'file' }) },
    async (request, reply) => {
      const { fields, file } = formUploadOf(request);
      const refuse = async (errors: FieldErrors, status: number) => {
        if (file && !file.earlier) await services.uploads.discard(file.uploadId);
        // Values come back as typed (the file has to be chosen again: a browser never refills one).
        return showDocuments(request, reply, '/documents?add', { form: { values: fields, errors } }, status);
      };
      if (file?.earlier) {
        // The same form again: the first one's outcome, never a second copy.
        return reply.redirect(file.earlier.documentId ? `/documents?added=${file.earlier.documentId}` : '/documents', 303);
      }
      const checked = validate(documentFormSchema(maxBytes), {
        ...fields,
        file: file ? `${file.declaredType};${file.tooLarge ? maxBytes + 1 : file.size}` : '',
      });
      if (!checked.ok) return refuse(checked.errors, file?.tooLarge ? 413 : 422);
      if (!file) return refuse({ file: 'documents:errors.file_required' }, 422);
      const { expires_on: expiresOn, ...metadata } = checked.value;
      await describeUpload(db, file.uploadId, {
        size: file.size,
        metadata: { ...metadata, ...(expiresOn ? { expires_on: expiresOn } : {}), filetype: file.declaredType, keep: 'yes' },
      });
      try {
        const document = await promoteUpload(services, file.uploadId);
        // Added from a procedure's document question: back to it, where the new document is offered.
        const back = fields.return !== undefined && documentReturnPattern.test(fields.return) ? fields.return : undefined;
        return reply.redirect(back ?? `/documents?added=${document.id}`, 303);
      } catch (error) {
        // promoteUpload already forgot the upload; the form comes back saying why.
        if (error instanceof UploadRefusedError) {
          return showDocuments(
            request,
            reply,
            '/documents?add',
            { form: { values: fields, errors: { file: `documents:errors.${error.refusal.error}` } } },
            error.statusCode,
          );
        }
        throw error;
      }
    },
  );

  // The confirmation is the page `?document=<id>&delete`; this is its button.
  app.post('/documents/:id/delete', citizens, async (request, reply) => {
    const { personId } = citizenOf(request);
    const { id } = parse(documentParamsSchema, request.params);
    await deleteDocument(services, await documentOfCitizen(db, personId, id));
    return reply.redirect('/documents?deleted=1', 303);
  });
}
