import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { callbackReferenceParams, callbackRequestSchema } from '../../shared/callback-request.ts';
import { idempotencyFormField, idempotencyHeader, isIdempotencyKey, offlineHeader, offlineKeep } from '../../shared/http.ts';
import { validate } from '../../shared/validation.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { formFields } from '../http/form-fields.ts';
import { idempotencyScope, runOnce, sendIdempotent } from '../http/idempotency.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { callbackRequestStatus, createCallbackRequest } from './callback-request.service.ts';

interface CallbackRoutesOptions {
  db: Db;
  pages: PageRenderer;
  rateLimit: { max: number; windowMinutes: number };
}

/**
 * "Call me back": the JSON API the app uses (through its outbox) and the plain HTML form post
 * that works without JavaScript. Both validate with the schema the browser uses.
 */
export async function callbackRequestRoutes(app: FastifyInstance, options: CallbackRoutesOptions) {
  const { db, pages } = options;
  const config = {
    // One limit for both ways of asking (the API and the plain form).
    rateLimit: { max: options.rateLimit.max, timeWindow: options.rateLimit.windowMinutes * 60_000, groupId: 'callback-request' },
  };

  app.post('/api/callback-requests', { config }, async (request, reply) => {
    const key = request.headers[idempotencyHeader.toLowerCase()];
    if (!isIdempotencyKey(key)) throw new HttpError(400, 'idempotency_key_missing');
    const checked = validate(callbackRequestSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const outcome = await runOnce(db, { scope: idempotencyScope(request), key, request: checked.value }, async (trx) => ({
      status: 201,
      body: await createCallbackRequest(trx, checked.value, requestLanguage(request)),
    }));
    return sendIdempotent(reply, outcome);
  });

  app.get('/api/callback-requests/:reference', async (request, reply) => {
    const params = validate(callbackReferenceParams, request.params);
    if (!params.ok) throw new HttpError(404, 'not_found');
    const status = await callbackRequestStatus(db, params.value.reference);
    if (!status) throw new HttpError(404, 'not_found');
    // The device that sent the request keeps its status for offline reading ("last updated …").
    return reply.header('cache-control', 'private, no-cache').header(offlineHeader, offlineKeep).send(status);
  });

  app.post('/callback', { config }, async (request, reply) => {
    const form = formFields(request.body);
    const checked = validate(callbackRequestSchema, form);
    const language = requestLanguage(request);
    if (!checked.ok) {
      return pages.send(request, reply, {
        url: '/callback',
        language,
        status: 422,
        state: { form: { values: form, errors: checked.errors } },
      });
    }
    const create = (key: string) =>
      runOnce(db, { scope: idempotencyScope(request), key, request: checked.value }, async (trx) => ({
        status: 201,
        body: await createCallbackRequest(trx, checked.value, language),
      }));
    const formKey = form[idempotencyFormField];
    let outcome = await create(isIdempotencyKey(formKey) ? formKey : randomUUID());
    // Back, edit, send again: the page's key came back with other answers, which is a new request.
    if (outcome.kind === 'mismatch') outcome = await create(randomUUID());
    if (outcome.kind === 'in_progress') throw new HttpError(409, 'request_in_progress');
    if (outcome.kind === 'mismatch') throw new HttpError(422, 'idempotency_key_reused');
    return reply.redirect(`/callback/confirmation/${encodeURIComponent(outcome.body.reference)}`, 303);
  });
}
