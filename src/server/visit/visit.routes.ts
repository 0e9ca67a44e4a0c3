import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { idempotencyFormField, idempotencyHeader, isIdempotencyKey, offlineHeader, offlineKeep } from '../../shared/http.ts';
import { oneTimeCodeMessage } from '../../shared/one-time-code.ts';
import { parisDayOf } from '../../shared/paris-time.ts';
import { validate } from '../../shared/validation.ts';
import {
  verificationCodeSchema,
  visitCancelSchema,
  visitDetailsSchema,
  visitStepQuerySchema,
  visitTokenPattern,
  type VisitBooked,
  type VisitPageState,
  type VisitStepQuery,
} from '../../shared/visit.ts';
import { citizenOf, signedInPersonId } from '../auth/principal.ts';
import type { Db } from '../db/database.ts';
import { formFields } from '../http/form-fields.ts';
import { HttpError } from '../http/http-error.ts';
import { idempotencyScope, runOnce, sendIdempotent, type IdempotentOutcome } from '../http/idempotency.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { calendarFile } from './calendar-file.ts';
import { visitCalendarText } from './visit-text.ts';
import {
  appointmentForCalendar,
  appointmentView,
  bookWithCode,
  cancelByCitizen,
  currentManageToken,
  listMyVisits,
  loadBookingStep,
  manageLink,
  rescheduleByCitizen,
  SmsRefused,
  startVerification,
  verificationSummary,
  type Requester,
  type VisitContext,
} from './visit.service.ts';

interface VisitRoutesOptions {
  context: VisitContext;
  pages: PageRenderer;
  rateLimit: { max: number; windowMinutes: number };
}

const startSchema = v.object({ start: v.pipe(v.optional(v.string(), ''), v.isoTimestamp('visit:errors.slot_required')) });

/**
 * Counter visits: each booking step is a server-rendered page driven by its query string (so it
 * works without JavaScript), the JSON API the app uses once loaded, and the manage link's pages.
 */
export async function visitRoutes(app: FastifyInstance, options: VisitRoutesOptions) {
  const { context, pages } = options;
  const { db } = context;
  // Booking requests per address; the SMS each sends also counts against the SMS limits (visit.service).
  const limited = {
    config: { access: 'public', rateLimit: { max: options.rateLimit.max, timeWindow: options.rateLimit.windowMinutes * 60_000 } },
  } as const;
  // Booking needs no account (the phone is proved by a code); the manage link's token is the key.
  const anyone = { config: { access: 'public' } } as const;
  const requester = (request: FastifyRequest): Requester => ({ address: request.ip, personId: signedInPersonId(request) });
  /** An SMS the policy refused, as the API's answer: a field error on the phone. */
  const smsRefusedReply = (reply: FastifyReply, refused: SmsRefused) =>
    reply
      .status(refused.statusCode)
      .send({ error: refused.statusCode === 422 ? 'validation' : refused.code, fields: { phone: refused.field } });

  const stepQuery = (request: FastifyRequest): VisitStepQuery => {
    const parsed = v.safeParse(visitStepQuerySchema, request.query);
    return parsed.success ? parsed.output : {};
  };
  const sendPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    visit: VisitPageState,
    extra: { status?: number; form?: { values: Record<string, string>; errors: Record<string, string> } } = {},
  ) =>
    pages.send(request, reply, {
      url: request.url,
      language: requestLanguage(request),
      ...(extra.status ? { status: extra.status } : {}),
      state: { visit, ...(extra.form ? { form: extra.form } : {}) },
    });
  const token = (value: string): string => {
    if (!visitTokenPattern.test(value)) throw new HttpError('not_found');
    return value;
  };

  // A signed-in citizen's own visits: the device keeps a copy to show offline ("last updated …").
  app.get('/api/visit/mine', { config: { access: 'citizen' } }, async (request, reply) => {
    const visits = await listMyVisits(context, citizenOf(request).personId);
    return reply.header('cache-control', 'private, no-cache').header(offlineHeader, offlineKeep).send(visits);
  });

  // Booking steps.
  app.get('/api/visit/step', anyone, async (request) => loadBookingStep(context, stepQuery(request), signedInPersonId(request)));
  app.get('/visit', anyone, async (request, reply) =>
    sendPage(request, reply, { step: await loadBookingStep(context, stepQuery(request), signedInPersonId(request)) }),
  );
  app.get('/visit/details', anyone, async (request, reply) =>
    sendPage(request, reply, { step: await loadBookingStep(context, stepQuery(request), signedInPersonId(request)) }),
  );

  app.post('/api/visit/verifications', limited, async (request, reply) => {
    const key = apiKey(request);
    const checked = validate(visitDetailsSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    try {
      const outcome = await runOnce(db, { scope: idempotencyScope(request), key, request: checked.value }, async (trx) => ({
        status: 201,
        body: await startVerification(context, trx, checked.value, requestLanguage(request), requester(request)),
      }));
      return sendIdempotent(reply, outcome);
    } catch (error) {
      if (error instanceof SmsRefused) return smsRefusedReply(reply, error);
      throw error;
    }
  });

  app.post('/visit/details', limited, async (request, reply) => {
    const form = formFields(request.body);
    const checked = validate(visitDetailsSchema, form);
    const query = { service: form.service ?? '', location: form.location ?? '', start: form.start ?? '', day: dayOf(form.start) };
    if (!checked.ok) {
      const step = await loadBookingStep(context, query, signedInPersonId(request));
      return sendPage(request, reply, { step }, { status: 422, form: { values: form, errors: checked.errors } });
    }
    try {
      const outcome = await formOnce(request, form, checked.value, (trx) =>
        startVerification(context, trx, checked.value, requestLanguage(request), requester(request)),
      );
      if (outcome.booked) return reply.redirect(`/visit/appointment/${outcome.booked.manageToken}`, 303);
      return reply.redirect(`/visit/verify/${outcome.verification}`, 303);
    } catch (error) {
      if (error instanceof HttpError && error.code === 'slot_taken') return reply.redirect(stepUrl('/visit', query), 303);
      if (error instanceof SmsRefused) {
        const step = await loadBookingStep(context, query, request.session?.personId);
        return sendPage(request, reply, { step }, { status: error.statusCode, form: { values: form, errors: { phone: error.field } } });
      }
      throw error;
    }
  });

  // The code sent by SMS.
  app.get<{ Params: { verification: string } }>('/visit/verify/:verification', anyone, async (request, reply) => {
    const verification = await verificationSummary(context, token(request.params.verification));
    if (!verification) throw new HttpError('not_found');
    return sendPage(request, reply, { verification });
  });

  app.get<{ Params: { verification: string } }>('/api/visit/verifications/:verification', anyone, async (request) => {
    const verification = await verificationSummary(context, token(request.params.verification));
    if (!verification) throw new HttpError('not_found');
    return verification;
  });

  app.post<{ Params: { verification: string } }>('/api/visit/verifications/:verification/booking', anyone, async (request, reply) => {
    const verification = token(request.params.verification);
    const key = apiKey(request);
    const checked = validate(verificationCodeSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    return sendIdempotent(reply, await bookingOnce(request, key, verification, checked.value.code));
  });

  app.post<{ Params: { verification: string } }>('/visit/verify/:verification', anyone, async (request, reply) => {
    const verification = token(request.params.verification);
    const form = formFields(request.body);
    const checked = validate(verificationCodeSchema, form);
    const refuse = async (errors: Record<string, string>) => {
      const summary = await verificationSummary(context, verification);
      if (!summary) throw new HttpError('not_found');
      return sendPage(request, reply, { verification: summary }, { status: 422, form: { values: form, errors } });
    };
    if (!checked.ok) return refuse(checked.errors);
    const formKey = form[idempotencyFormField];
    const outcome = await bookingOnce(request, isIdempotencyKey(formKey) ? formKey : randomUUID(), verification, checked.value.code);
    if (outcome.kind === 'mismatch') throw new HttpError('idempotency_key_reused');
    if ('error' in outcome.body) return refuse(outcome.body.fields);
    return reply.redirect(`/visit/appointment/${outcome.body.manageToken}`, 303);
  });

  // The manage link: see, cancel, move, add to a calendar. SMS carry its short form.
  // The short link of every SMS leads to the visit as it is now: after a move, to the new one.
  app.get<{ Params: { token: string } }>('/v/:token', anyone, async (request, reply) =>
    reply.redirect(`/visit/appointment/${await currentManageToken(context, token(request.params.token))}`, 303),
  );
  app.get<{ Params: { token: string } }>('/api/visit/appointments/:token', anyone, async (request) =>
    appointmentView(context, token(request.params.token)),
  );
  app.get<{ Params: { token: string } }>('/visit/appointment/:token', anyone, async (request, reply) =>
    sendPage(request, reply, { appointment: await appointmentView(context, token(request.params.token)) }),
  );

  // Cancelling takes two steps: this page asks, and only its explicit confirmation cancels.
  app.get<{ Params: { token: string } }>('/visit/appointment/:token/cancel', anyone, async (request, reply) =>
    sendPage(request, reply, { appointment: await appointmentView(context, token(request.params.token)) }),
  );

  app.post<{ Params: { token: string } }>('/api/visit/appointments/:token/cancellation', anyone, async (request, reply) => {
    const manageToken = token(request.params.token);
    const checked = validate(visitCancelSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const outcome = await runOnce(
      db,
      { scope: idempotencyScope(request), key: apiKey(request), request: { cancel: manageToken } },
      async (trx) => {
        await cancelByCitizen(context, trx, manageToken);
        return { status: 200, body: { cancelled: true } };
      },
    );
    return sendIdempotent(reply, outcome);
  });

  app.post<{ Params: { token: string } }>('/visit/appointment/:token/cancel', anyone, async (request, reply) => {
    const manageToken = token(request.params.token);
    // Without the confirmation (an old form, a stray post), the question is asked again.
    if (!validate(visitCancelSchema, formFields(request.body)).ok) return reply.redirect(`/visit/appointment/${manageToken}/cancel`, 303);
    await db.transaction().execute((trx) => cancelByCitizen(context, trx, manageToken));
    return reply.redirect(`/visit/appointment/${manageToken}`, 303);
  });

  app.post<{ Params: { token: string } }>('/api/visit/appointments/:token/move', anyone, async (request, reply) => {
    const manageToken = token(request.params.token);
    const checked = validate(startSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    try {
      const outcome = await runOnce(
        db,
        { scope: idempotencyScope(request), key: apiKey(request), request: { move: manageToken, ...checked.value } },
        async (trx) => ({
          status: 201,
          body: await rescheduleByCitizen(context, trx, manageToken, new Date(checked.value.start), requester(request)),
        }),
      );
      return sendIdempotent(reply, outcome);
    } catch (error) {
      if (error instanceof SmsRefused) return smsRefusedReply(reply, error);
      throw error;
    }
  });

  app.post<{ Params: { token: string } }>('/visit/appointment/:token/move', anyone, async (request, reply) => {
    const manageToken = token(request.params.token);
    const form = formFields(request.body);
    const checked = validate(startSchema, form);
    if (!checked.ok) throw new HttpError('bad_request');
    const moved = await formOnce(request, form, { move: manageToken, ...checked.value }, (trx) =>
      rescheduleByCitizen(context, trx, manageToken, new Date(checked.value.start), requester(request)),
    );
    return reply.redirect(`/visit/appointment/${moved.manageToken}`, 303);
  });

  app.get<{ Params: { token: string } }>('/visit/appointment/:token/calendar.ics', anyone, async (request, reply) => {
    const manageToken = token(request.params.token);
    const { appointment, location } = await appointmentForCalendar(context, manageToken);
    const text = visitCalendarText(appointment.language === 'en' ? 'en' : requestLanguage(request), appointment.service_id);
    const body = calendarFile({
      uid: `${appointment.id}@${context.publicUrl.host}`,
      stamp: context.clock(),
      startsAt: appointment.starts_at,
      endsAt: appointment.ends_at,
      summary: text.summary,
      location: `${location.name}, ${location.street}, ${location.postcode} ${location.city}`,
      description: text.description(appointment.reference),
      url: manageLink(context, manageToken),
      cancelled: appointment.status === 'cancelled_by_citizen' || appointment.status === 'cancelled_by_service',
    });
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${appointment.reference}.ics"`)
      .header('cache-control', 'private, no-store')
      .send(body);
  });

  /**
   * The code step, idempotent before anything else: an identical retry (a double tap, the outbox
   * replaying, twenty at once) gets the first answer and never counts a try. Each code typed is a
   * request of its own, as the page keeps its key after a refused code: the key is the client's
   * with a digest of the code (salted with the verification, which the database never sees).
   */
  function bookingOnce(request: FastifyRequest, key: string, verification: string, code: string) {
    const digest = createHash('sha256').update(`${verification}:${code}`).digest('base64url').slice(0, 16);
    return runOnce(
      db,
      { scope: idempotencyScope(request), key: `${key}.${digest}`, request: { verification } },
      async (trx): Promise<{ status: number; body: VisitBooked | { error: 'validation'; fields: Record<string, string> } }> => {
        const result = await bookWithCode(context, trx, verification, code);
        if ('booked' in result) return { status: 201, body: result.booked };
        return { status: 422, body: { error: 'validation', fields: { code: oneTimeCodeMessage(result.refused) } } };
      },
    );
  }

  /** A no-JavaScript form post made idempotent by the key the page carried, like the callback form. */
  async function formOnce<Body>(
    request: FastifyRequest,
    form: Record<string, string>,
    body: unknown,
    work: (trx: Db) => Promise<Body>,
  ): Promise<Body> {
    const once = (key: string): Promise<IdempotentOutcome<Body>> =>
      runOnce(db, { scope: idempotencyScope(request), key, request: body }, async (trx) => ({
        status: 201,
        body: await work(trx),
      }));
    const formKey = form[idempotencyFormField];
    let outcome = await once(isIdempotencyKey(formKey) ? formKey : randomUUID());
    if (outcome.kind === 'mismatch') outcome = await once(randomUUID());
    if (outcome.kind === 'mismatch') throw new HttpError('idempotency_key_reused');
    return outcome.body;
  }
}

function apiKey(request: FastifyRequest): string {
  const key = request.headers[idempotencyHeader.toLowerCase()];
  if (!isIdempotencyKey(key)) throw new HttpError('idempotency_key_missing');
  return key;
}

function dayOf(start: string | undefined): string {
  const instant = start ? new Date(start) : undefined;
  return instant && !Number.isNaN(instant.getTime()) ? parisDayOf(instant) : '';
}

/** A booking step's address, with the choices made so far. */
export function stepUrl(path: string, query: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return `${path}?${search.toString()}`;
}
