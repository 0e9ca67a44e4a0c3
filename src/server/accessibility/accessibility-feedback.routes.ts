import { randomUUID } from 'node:crypto';
import type * as v from 'valibot';
import type { FastifyInstance } from 'fastify';
import { accessibilityFeedbackSchema, accessibilityFeedbackUrl } from '../../shared/accessibility-feedback.ts';
import { idempotencyFormField, idempotencyHeader, isIdempotencyKey } from '../../shared/http.ts';
import { validate } from '../../shared/validation.ts';
import type { Db } from '../db/database.ts';
import { formFields } from '../http/form-fields.ts';
import { signedInPersonId } from '../auth/principal.ts';
import { HttpError } from '../http/http-error.ts';
import { idempotencyScope, runOnce, sendIdempotent } from '../http/idempotency.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { receiveAccessibilityFeedback } from './accessibility-feedback.service.ts';

interface AccessibilityFeedbackRoutesOptions {
  db: Db;
  pages: PageRenderer;
  contactEmail: string | undefined;
  rateLimit: { max: number; windowMinutes: number };
}

/**
 * Feedback from the accessibility statement: the JSON API the app uses (through its outbox) and
 * the plain form post that works without JavaScript, both checked with the schema the browser uses.
 */
export async function accessibilityFeedbackRoutes(app: FastifyInstance, options: AccessibilityFeedbackRoutesOptions) {
  const { db, pages, contactEmail } = options;
  // Anyone may tell us about a barrier, limited per address.
  const config = {
    access: 'public',
    rateLimit: { max: options.rateLimit.max, timeWindow: options.rateLimit.windowMinutes * 60_000, groupId: 'accessibility-feedback' },
  } as const;
  const receive = (
    request: Parameters<typeof requestLanguage>[0],
    key: string,
    feedback: v.InferOutput<typeof accessibilityFeedbackSchema>,
  ) =>
    runOnce(db, { scope: idempotencyScope(request), key, request: feedback }, async (trx) => ({
      status: 201,
      body: await receiveAccessibilityFeedback(
        trx,
        feedback,
        { language: requestLanguage(request), personId: signedInPersonId(request) ?? null },
        contactEmail,
      ),
    }));

  app.post(accessibilityFeedbackUrl, { config }, async (request, reply) => {
    const key = request.headers[idempotencyHeader.toLowerCase()];
    if (!isIdempotencyKey(key)) throw new HttpError('idempotency_key_missing');
    const checked = validate(accessibilityFeedbackSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    return sendIdempotent(reply, await receive(request, key, checked.value));
  });

  app.post('/accessibility/feedback', { config }, async (request, reply) => {
    const form = formFields(request.body);
    const checked = validate(accessibilityFeedbackSchema, form);
    const language = requestLanguage(request);
    if (!checked.ok) {
      return pages.send(request, reply, {
        url: '/accessibility/feedback',
        language,
        status: 422,
        state: { form: { values: form, errors: checked.errors } },
      });
    }
    const formKey = form[idempotencyFormField];
    let outcome = await receive(request, isIdempotencyKey(formKey) ? formKey : randomUUID(), checked.value);
    // Back, edit, send again: the page's key came back with another message, which is new feedback.
    if (outcome.kind === 'mismatch') outcome = await receive(request, randomUUID(), checked.value);
    if (outcome.kind === 'mismatch') throw new HttpError('idempotency_key_reused');
    return pages.send(request, reply, { url: '/accessibility/feedback', language, state: { notice: 'accessibility:feedback.sent' } });
  });
}
