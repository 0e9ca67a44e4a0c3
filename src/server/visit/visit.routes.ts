import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { idempotencyFormField, idempotencyHeader, isIdempotencyKey, offlineHeader, offlineKeep } from '../../shared/http.ts';
import { parisDayOf } from '../../shared/paris-time.ts';
import { validate } from '../../shared/validation.ts';
import {
  verificationCodeSchema,
  visitDetailsSchema,
  visitStepQuerySchema,
  visitTokenPattern,
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
  bookVerified,
  cancelByCitizen,
  checkVerificationCode,
  listMyVisits,
  loadBookingStep,
  manageLink,
  rescheduleByCitizen,
  startVerification,
  verificationSummary,
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
  // Each code request sends an SMS: limited per address like callback requests.
  const limited = {
    config: { access: 'public', rateLimit: { max: options.rateLimit.max, timeWindow: options.rateLimit.windowMinutes * 60_000 } },
  } as const;
  // Booking needs no account (the phone is proved by a code); the manage link's token is the key.
  const anyone = { config: { access: 'public' } } as const;

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
    if (!visitTokenPattern.test(value)) throw new HttpError(404, 'not_found');
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
    const outcome = await runOnce(db, { scope: idempotencyScope(request), key, request: checked.value }, async (trx) => ({
      status: 201,
      body: await startVerification(context, trx, checked.value, requestLanguage(request), signedInPersonId(request)),
    }));
    return sendIdempotent(reply, outcome);
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
        startVerification(context, trx, checked.value, requestLanguage(request), signedInPersonId(request)),
      );
      if (outcome.booked) return reply.redirect(`/visit/appointment/${outcome.booked.manageToken}`, 303);
      return reply.redirect(`/visit/verify/${outcome.verification}`, 303);
    } catch (error) {
      if (error instanceof HttpError && error.code === 'slot_taken') return reply.redirect(stepUrl('/visit', query), 303);
      throw error;
    }
  });

  // The code sent by SMS.
  app.get<{ Params: { verification: string } }>('/visit/verify/:verification', anyone, async (request, reply) => {
    const verification = await verificationSummary(context, token(request.params.verification));
    if (!verification) throw new HttpError(404, 'not_found');
    return sendPage(request, reply, { verification });
  });

  app.get<{ Params: { verification: string } }>('/api/visit/verifications/:verification', anyone, async (request) => {
    const verification = await verificationSummary(context, token(request.params.verification));
    if (!verification) throw new HttpError(404, 'not_found');
    return verification;
  });

  app.post<{ Params: { verification: string } }>('/api/visit/verifications/:verification/booking', anyone, async (request, reply) => {
    const verification = token(request.params.verification);
    const key = apiKey(request);
    const checked = validate(verificationCodeSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const refused = await codeRefusal(verification, checked.value.code);
    if (refused) return reply.status(422).send({ error: 'validation', fields: { code: refused } });
    const outcome = await runOnce(db, { scope: idempotencyScope(request), key, request: { verification } }, async (trx) => ({
      status: 201,
      body: await bookVerified(context, trx, verification),
    }));
    return sendIdempotent(reply, outcome);
  });

  app.post<{ Params: { verification: string } }>('/visit/verify/:verification', anyone, async (request, reply) => {
    const verification = token(request.params.verification);
    const form = formFields(request.body);
    const checked = validate(verificationCodeSchema, form);
    const refused = checked.ok ? await codeRefusal(verification, checked.value.code) : undefined;
    if (!checked.ok || refused) {
      const summary = await verificationSummary(context, verification);
      if (!summary) throw new HttpError(404, 'not_found');
      const errors = checked.ok ? { code: refused ?? '' } : checked.errors;
      return sendPage(request, reply, { verification: summary }, { status: 422, form: { values: form, errors } });
    }
    const booked = await formOnce(request, form, { verification }, (trx) => bookVerified(context, trx, verification));
    return reply.redirect(`/visit/appointment/${booked.manageToken}`, 303);
  });

  // The manage link: see, cancel, move, add to a calendar. SMS carry its short form.
  app.get<{ Params: { token: string } }>('/v/:token', anyone, async (request, reply) =>
    reply.redirect(`/visit/appointment/${token(request.params.token)}`, 303),
  );
  app.get<{ Params: { token: string } }>('/api/visit/appointments/:token', anyone, async (request) =>
    appointmentView(context, token(request.params.token)),
  );
  app.get<{ Params: { token: string } }>('/visit/appointment/:token', anyone, async (request, reply) =>
    sendPage(request, reply, { appointment: await appointmentView(context, token(request.params.token)) }),
  );

  app.post<{ Params: { token: string } }>('/api/visit/appointments/:token/cancellation', anyone, async (request, reply) => {
    const manageToken = token(request.params.token);
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
    await db.transaction().execute((trx) => cancelByCitizen(context, trx, manageToken));
    return reply.redirect(`/visit/appointment/${manageToken}`, 303);
  });

  app.post<{ Params: { token: string } }>('/api/visit/appointments/:token/move', anyone, async (request, reply) => {
    const manageToken = token(request.params.token);
    const checked = validate(startSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const outcome = await runOnce(
      db,
      { scope: idempotencyScope(request), key: apiKey(request), request: { move: manageToken, ...checked.value } },
      async (trx) => ({
        status: 201,
        body: await rescheduleByCitizen(context, trx, manageToken, new Date(checked.value.start)),
      }),
    );
    return sendIdempotent(reply, outcome);
  });

  app.post<{ Params: { token: string } }>('/visit/appointment/:token/move', anyone, async (request, reply) => {
    const manageToken = token(request.params.token);
    const form = formFields(request.body);
    const checked = validate(startSchema, form);
    if (!checked.ok) throw new HttpError(400, 'bad_request');
    const moved = await formOnce(request, form, { move: manageToken, ...checked.value }, (trx) =>
      rescheduleByCitizen(context, trx, manageToken, new Date(checked.value.start)),
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

  /** The code's problem as a field error (an i18n key), or undefined when the code is right. */
  async function codeRefusal(verification: string, code: string): Promise<string | undefined> {
    try {
      await checkVerificationCode(context, verification, code);
      return undefined;
    } catch (error) {
      if (error instanceof HttpError && error.code === 'code_wrong') return 'visit:errors.code_wrong';
      if (error instanceof HttpError && error.code === 'verification_expired') return 'visit:errors.code_expired';
      throw error;
    }
  }

  /** A no-JavaScript form post made idempotent by the key the page carried, like the callback form. */
  async function formOnce<Body>(
    request: FastifyRequest,
    form: Record<string, string>,
    body: unknown,
    work: (trx: Db) => Promise<Body>,
  ): Promise<Body> {
    const once = (key: string): Promise<IdempotentOutcome<Body>> =>
      runOnce(db, { scope: idempotencyScope(request), key, request: body }, async (trx) => ({ status: 201, body: await work(trx) }));
    const formKey = form[idempotencyFormField];
    let outcome = await once(isIdempotencyKey(formKey) ? formKey : randomUUID());
    if (outcome.kind === 'mismatch') outcome = await once(randomUUID());
    if (outcome.kind === 'in_progress') throw new HttpError(409, 'request_in_progress');
    if (outcome.kind === 'mismatch') throw new HttpError(422, 'idempotency_key_reused');
    return outcome.body;
  }
}

function apiKey(request: FastifyRequest): string {
  const key = request.headers[idempotencyHeader.toLowerCase()];
  if (!isIdempotencyKey(key)) throw new HttpError(400, 'idempotency_key_missing');
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
