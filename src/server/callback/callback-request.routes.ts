import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  callbackReferenceParams,
  callbackRequestSchema,
  type CallbackRequest,
  type CallbackDefaults,
} from '../../shared/callback-request.ts';
import { callbackTopics } from '../../shared/callback-options.ts';
import { statusesAllowing } from '../../shared/callback-state.ts';
import { dossierReferencePattern } from '../../shared/dossier-reference.ts';
import { idempotencyFormField, idempotencyHeader, isIdempotencyKey, offlineHeader, offlineKeep } from '../../shared/http.ts';
import { oneTimeCodeMessage } from '../../shared/one-time-code.ts';
import type { FieldErrors } from '../../shared/validation.ts';
import { validate } from '../../shared/validation.ts';
import { citizenOf, signedInPersonId } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { formFields } from '../http/form-fields.ts';
import { idempotencyScope, sendIdempotent } from '../http/idempotency.ts';
import { requestLanguage, requestReading } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { verifySignedToken } from '../security/signed-token.ts';
import { latestVerifiedPhone } from '../account/person.repository.ts';
import { findCallbackRequestByCancelToken } from './callback-request.repository.ts';
import {
  callbackRequestStatus,
  cancelCallbackRequest,
  createCallbackRequestOnce,
  ownCallbackRequests,
} from './callback-request.service.ts';
import type { SignedLinks } from '../security/signed-token.ts';

interface CallbackRoutesOptions {
  db: Db;
  pages: PageRenderer;
  rateLimit: { max: number; windowMinutes: number };
  callbacks: Config['callbacks'];
  links: SignedLinks;
  sms: Config['sms'];
  clock: () => Date;
}

/** A refusal for a limit reached (the number's or the SMS policy's), not for the number's country. */
const isLimit = (fields: FieldErrors) => fields.phone !== oneTimeCodeMessage('phone_country_not_allowed');

const prefillQuery = v.object({ dossier: v.optional(v.string()), topic: v.optional(v.string()) });
const cancelParams = v.object({ token: v.pipe(v.string(), v.maxLength(64)) });

/**
 * "Call me back": the JSON API the app uses (through its outbox) and the plain HTML form post
 * that works without JavaScript, both checked with the schema the browser uses; the cancel link
 * sent by SMS; and the signed-in citizen's own requests.
 */
export async function callbackRequestRoutes(app: FastifyInstance, options: CallbackRoutesOptions) {
  const { db, pages, callbacks, links, sms, clock } = options;
  const config = {
    // Anyone may ask to be called back. One limit for both ways of asking (the API and the plain form), per address.
    access: 'public',
    rateLimit: { max: options.rateLimit.max, timeWindow: options.rateLimit.windowMinutes * 60_000, groupId: 'callback-request' },
  } as const;
  // The status page and the cancel link: the reference or the signed token is the key.
  const anyone = { config: { access: 'public' } } as const;
  const citizens = { config: { access: 'citizen' } } as const;

  const create = (request: FastifyRequest, key: string, value: CallbackRequest) => {
    const language = requestLanguage(request);
    return createCallbackRequestOnce(db, { scope: idempotencyScope(request), key }, value, {
      language,
      reading: requestReading(request, language),
      personId: signedInPersonId(request),
      address: request.ip,
      now: clock(),
      links,
      callbacks,
      sms,
    });
  };

  app.post('/api/callback-requests', { config }, async (request, reply) => {
    const key = request.headers[idempotencyHeader.toLowerCase()];
    if (!isIdempotencyKey(key)) throw new HttpError('idempotency_key_missing');
    const checked = validate(callbackRequestSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    return sendIdempotent(reply, await create(request, key, checked.value));
  });

  app.get('/api/callback-requests/:reference', anyone, async (request, reply) => {
    const params = validate(callbackReferenceParams, request.params);
    if (!params.ok) throw new HttpError('not_found');
    const status = await callbackRequestStatus(db, params.value.reference);
    if (!status) throw new HttpError('not_found');
    // The device that sent the request keeps its status for offline reading ("last updated …").
    return reply.header('cache-control', 'private, no-cache').header(offlineHeader, offlineKeep).send(status);
  });

  /** The signed-in citizen's requests for their timeline ("My requests"). */
  app.get('/api/account/callback-requests', citizens, async (request, reply) => {
    const { personId } = citizenOf(request);
    const body = await ownCallbackRequests(db, personId);
    // Kept by the service worker with the dossiers, so "My requests" opens offline whole (and is wiped with them).
    return reply.header('cache-control', 'private, no-cache').header(offlineHeader, offlineKeep).send(body);
  });

  app.get('/api/callback-requests/defaults', citizens, async (request, reply) => {
    const { personId } = citizenOf(request);
    const body: CallbackDefaults = { phone: (await latestVerifiedPhone(db, personId)) ?? null };
    return reply.header('cache-control', 'private, no-store').send(body);
  });

  /**
   * The form, pre-filled: the dossier it was asked from (`?dossier=GU-…`), the signed-in citizen's
   * verified number. With nothing to pre-fill, the prerendered page.
   */
  app.get('/callback', anyone, async (request, reply) => {
    const query = v.safeParse(prefillQuery, request.query);
    const dossier = query.success ? query.output.dossier?.trim().toUpperCase() : undefined;
    const personId = signedInPersonId(request);
    const phone = personId ? await latestVerifiedPhone(db, personId) : undefined;
    // Asked from a procedure's start page (`?topic=parking`): that topic comes chosen.
    const topic = callbackTopics.find((known) => query.success && known === query.output.topic);
    const values: Record<string, string> = {
      ...(dossier && dossierReferencePattern.test(dossier) ? { dossier } : {}),
      ...(topic ? { topic } : {}),
      ...(phone ? { phone } : {}),
    };
    const language = requestLanguage(request);
    if (Object.keys(values).length === 0) return pages.send(request, reply, { url: request.url, language });
    return pages.send(request, reply, { url: request.url, language, state: { form: { values, errors: {} } } });
  });

  app.post('/callback', { config }, async (request, reply) => {
    const form = formFields(request.body);
    const checked = validate(callbackRequestSchema, form);
    const language = requestLanguage(request);
    const again = (errors: FieldErrors, status: number) =>
      pages.send(request, reply, { url: '/callback', language, status, state: { form: { values: form, errors } } });
    if (!checked.ok) return again(checked.errors, 422);
    const once = (key: string) => create(request, key, checked.value);
    const formKey = form[idempotencyFormField];
    let outcome = await once(isIdempotencyKey(formKey) ? formKey : randomUUID());
    // Back, edit, send again: the page's key came back with other answers, which is a new request.
    if (outcome.kind === 'mismatch') outcome = await once(randomUUID());
    if (outcome.kind === 'mismatch') throw new HttpError('idempotency_key_reused');
    // A limit reached is a 429 on the page (the API says 422 for the per-number one); a country refused, a 422.
    if ('error' in outcome.body) return again(outcome.body.fields, isLimit(outcome.body.fields) ? 429 : 422);
    return reply.redirect(`/callback/confirmation/${encodeURIComponent(outcome.body.reference)}`, 303);
  });

  /** Opens the request a cancel link names; a made-up or mistyped link is a plain 404. */
  const requestOfLink = async (params: unknown) => {
    const parsed = v.safeParse(cancelParams, params);
    const hash = parsed.success ? verifySignedToken(links.secret, 'callback-cancel', parsed.output.token) : undefined;
    const found = hash ? await findCallbackRequestByCancelToken(db, hash) : undefined;
    if (!found) throw new HttpError('not_found');
    return found;
  };

  // The link from the SMS: a page that asks first (a link preview or a mistaken tap cancels nothing).
  app.get('/callback/cancel/:token', anyone, async (request, reply) => {
    const found = await requestOfLink(request.params);
    return pages.send(request, reply, {
      url: request.url,
      language: requestLanguage(request),
      state: { callbackCancel: { reference: found.reference, status: found.status, window: found.time_window } },
    });
  });

  app.post('/callback/cancel/:token', anyone, async (request, reply) => {
    const found = await requestOfLink(request.params);
    const cancellable = statusesAllowing('cancel').includes(found.status);
    const cancelled = cancellable && (await db.transaction().execute((trx) => cancelCallbackRequest(trx, found.reference)));
    return pages.send(request, reply, {
      url: request.url,
      language: requestLanguage(request),
      status: cancelled || found.status === 'cancelled' ? 200 : 409,
      state: {
        callbackCancel: {
          reference: found.reference,
          status: cancelled ? 'cancelled' : found.status,
          window: found.time_window,
          cancelled: cancelled || found.status === 'cancelled',
        },
      },
    });
  });
}
