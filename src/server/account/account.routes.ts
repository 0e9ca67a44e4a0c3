import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { contactPreferencesSchema } from '../../shared/account.ts';
import type { PageState } from '../../shared/page-render.ts';
import { oneTimeCodeMessage } from '../../shared/one-time-code.ts';
import { accountNotices, phoneVerificationCodeSchema, phoneVerificationRequestSchema } from '../../shared/phone-verification.ts';
import { validate } from '../../shared/validation.ts';
import { citizenOf } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { formFields } from '../http/form-fields.ts';
import { HttpError } from '../http/http-error.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { setReadingCookies } from '../reading/reading-cookies.ts';
import type { CookiePolicy } from '../security/cookie-policy.ts';
import { accountView } from './account.service.ts';
import { findOwnCallbackRequest, updatePreferences } from './person.repository.ts';
import { checkPhoneCode, pendingPhoneVerification, sendPhoneCode } from './phone-verification.service.ts';

const uuid = v.object({ id: v.pipe(v.string(), v.uuid()) });
const accountQuery = v.object({ notice: v.optional(v.picklist(accountNotices)) });

interface AccountRoutesOptions {
  db: Db;
  pages: PageRenderer;
  cookies: CookiePolicy;
  clock: () => Date;
  sms: Config['sms'];
}

/**
 * The citizen's own record: the account page, phone verification by SMS code (plain form posts,
 * so it works without JavaScript), and their records by id (anyone else's is a 404).
 */
export async function accountRoutes(app: FastifyInstance, options: AccountRoutesOptions) {
  const { db, pages, cookies, clock, sms } = options;
  const citizens = { config: { access: 'citizen' } } as const;

  async function showAccount(request: FastifyRequest, reply: FastifyReply, personId: string, extra: PageState = {}, status?: number) {
    const now = clock();
    const pending = await pendingPhoneVerification(db, personId, now);
    const account = await accountView(db, personId, pending?.phone ?? null, now, requestLanguage(request));
    if (!account) throw new HttpError('not_found');
    return pages.send(request, reply, {
      url: '/account',
      language: requestLanguage(request),
      state: { account, ...extra },
      ...(status ? { status } : {}),
    });
  }

  app.get('/account', citizens, async (request, reply) => {
    const { personId } = citizenOf(request);
    const query = v.safeParse(accountQuery, request.query);
    const notice = query.success ? query.output.notice : undefined;
    return showAccount(request, reply, personId, notice ? { notice: `account:notices.${notice}` } : {});
  });

  // Limited per number and per address by the SMS policy, like every SMS a visitor asks for.
  app.post('/account/phone', citizens, async (request, reply) => {
    const { personId } = citizenOf(request);
    const form = formFields(request.body);
    const checked = validate(phoneVerificationRequestSchema, form);
    if (!checked.ok) return showAccount(request, reply, personId, { form: { values: form, errors: checked.errors } }, 422);
    const sent = await sendPhoneCode(db, sms, {
      personId,
      phone: checked.value.phone,
      language: requestLanguage(request),
      address: request.ip,
      now: clock(),
    });
    if (sent === 'sent' || sent === 'too_soon') {
      return reply.redirect(`/account?notice=${sent === 'sent' ? 'code_sent' : 'resend_too_soon'}`, 303);
    }
    const errors = { phone: oneTimeCodeMessage(sent) };
    return showAccount(request, reply, personId, { form: { values: form, errors } }, sent === 'code_throttled' ? 429 : 422);
  });

  app.post('/account/phone/verify', citizens, async (request, reply) => {
    const { personId } = citizenOf(request);
    const form = formFields(request.body);
    const checked = validate(phoneVerificationCodeSchema, form);
    if (!checked.ok) return showAccount(request, reply, personId, { form: { values: form, errors: checked.errors } }, 422);
    const result = await checkPhoneCode(db, { personId, code: checked.value.code, now: clock() });
    if (result === 'verified') return reply.redirect('/account?notice=phone_verified', 303);
    return showAccount(request, reply, personId, { form: { values: form, errors: { code: oneTimeCodeMessage(result) } } }, 422);
  });

  app.post('/account/preferences', citizens, async (request, reply) => {
    const { personId } = citizenOf(request);
    const form = formFields(request.body);
    const checked = validate(contactPreferencesSchema, form);
    if (!checked.ok) return showAccount(request, reply, personId, { form: { values: form, errors: checked.errors } }, 422);
    await updatePreferences(db, personId, checked.value);
    // One language per person: the portal follows the one chosen for notifications.
    setReadingCookies(reply, cookies, { language: checked.value.language });
    return reply.redirect('/account?notice=preferences_saved', 303);
  });

  app.get<{ Params: { id: string } }>('/api/account/callback-requests/:id', citizens, async (request) => {
    const { personId } = citizenOf(request);
    const params = v.safeParse(uuid, request.params);
    const found = params.success ? await findOwnCallbackRequest(db, personId, params.output.id) : undefined;
    if (!found) throw new HttpError('not_found');
    return { reference: found.reference, topic: found.topic, window: found.time_window, status: found.status, createdAt: found.created_at };
  });
}
