import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { surveyAnswerSchema } from '../../shared/satisfaction-survey-answer.ts';
import type { SurveyView } from '../../shared/satisfaction-survey.ts';
import type { FieldErrors } from '../../shared/validation.ts';
import { validate } from '../../shared/validation.ts';
import type { SignedLinks } from '../security/signed-token.ts';
import type { Db } from '../db/database.ts';
import { formFields } from '../http/form-fields.ts';
import { HttpError } from '../http/http-error.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { answerSurvey, satisfactionResults, surveyOfToken } from './satisfaction-survey.service.ts';

const tokenParams = v.object({ token: v.pipe(v.string(), v.maxLength(64)) });

/**
 * The one-question survey behind the link in the SMS (a plain form: no sign-in, no JavaScript
 * needed, one answer per link), and the results per service and channel for administrators.
 */
export async function satisfactionSurveyRoutes(app: FastifyInstance, options: { db: Db; pages: PageRenderer; links: SignedLinks }) {
  const { db, pages, links } = options;
  // The link in the SMS is the only key: no sign-in.
  const anyone = { config: { access: 'public' } } as const;

  const surveyOf = async (params: unknown) => {
    const parsed = v.safeParse(tokenParams, params);
    const survey = parsed.success ? await surveyOfToken(db, links, parsed.output.token) : undefined;
    if (!survey) throw new HttpError('not_found');
    return survey;
  };

  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    survey: SurveyView,
    form?: { values: Record<string, string>; errors: FieldErrors },
  ) =>
    pages.send(request, reply, {
      url: request.url,
      language: requestLanguage(request),
      ...(form ? { status: 422 } : {}),
      state: { survey, ...(form ? { form } : {}) },
    });

  app.get('/survey/:token', anyone, async (request, reply) => {
    const survey = await surveyOf(request.params);
    return show(request, reply, survey.answered_at ? { state: 'answered' } : { state: 'open', channel: survey.channel });
  });

  app.post('/survey/:token', anyone, async (request, reply) => {
    const survey = await surveyOf(request.params);
    if (survey.answered_at) return show(request, reply, { state: 'answered' });
    const form = formFields(request.body);
    const checked = validate(surveyAnswerSchema, form);
    if (!checked.ok) return show(request, reply, { state: 'open', channel: survey.channel }, { values: form, errors: checked.errors });
    const answered = await answerSurvey(db, survey.hash, checked.value.rating);
    return show(request, reply, answered ? { state: 'thanks' } : { state: 'answered' });
  });

  app.get('/api/agent/satisfaction', { config: { access: { agent: ['admin'] } } }, async (_request, reply) => {
    return reply.header('cache-control', 'private, no-store').send(await satisfactionResults(db));
  });
}
