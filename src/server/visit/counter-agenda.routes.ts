import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { agendaActionSchema, walkInSchema } from '../../shared/counter-agenda.ts';
import { validate } from '../../shared/validation.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { agentOf } from '../auth/principal.ts';
import { formFields } from '../http/form-fields.ts';
import { HttpError } from '../http/http-error.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { agentLocation, loadAgenda, recordAgendaAction, registerWalkIn } from './counter-agenda.service.ts';
import type { VisitContext } from './visit.service.ts';

const agendaPath = '/agent/counter';
const notices = new Set(['checked_in', 'seen', 'no_show', 'cancel_by_service', 'walk_in']);

/**
 * The counter agents' workspace: today's agenda per counter, arrivals, outcomes and walk-ins.
 * Plain forms posted to the server, so it works the same with or without JavaScript; every
 * action checks the agent's role and that the visit is at their own location.
 */
export async function counterAgendaRoutes(app: FastifyInstance, options: { context: VisitContext; pages: PageRenderer }) {
  const { context, pages } = options;
  const { db } = context;

  // Counter agents only: pages send others to sign in, the API answers 401 (see auth/route-access.ts).
  const counterAgents = { config: { access: { agent: ['counter_agent'] } } } as const;

  /** The signed-in counter agent and the location they work at. */
  async function counterAgent(request: FastifyRequest) {
    const agent = agentOf(request);
    return { agentId: agent.agentId, place: await agentLocation(db, agent) };
  }

  /** The agenda lists people's names: who looked at it is in the audit log. */
  async function viewAgenda(request: FastifyRequest) {
    const { agentId, place } = await counterAgent(request);
    await recordAudit(db, {
      actor: { kind: 'agent', id: agentId },
      action: 'counter_agenda.viewed',
      subject: { type: 'visit_location', id: place.id },
    });
    return loadAgenda(context, place.id, place.name);
  }

  const sendAgenda = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { status?: number; form?: { values: Record<string, string>; errors: Record<string, string> } } = {},
  ) => {
    const notice = (request.query as { done?: unknown }).done;
    return pages.send(request, reply, {
      url: request.url,
      language: requestLanguage(request),
      ...(extra.status ? { status: extra.status } : {}),
      state: {
        visit: {
          agenda: await viewAgenda(request),
          ...(typeof notice === 'string' && notices.has(notice) ? { agendaNotice: `counter:notices.${notice}` } : {}),
        },
        ...(extra.form ? { form: extra.form } : {}),
      },
    });
  };

  app.get(agendaPath, counterAgents, async (request, reply) => sendAgenda(request, reply));

  app.get('/api/agent/counter/agenda', counterAgents, async (request) => viewAgenda(request));

  app.post<{ Params: { id: string } }>(`${agendaPath}/appointments/:id`, counterAgents, async (request, reply) => {
    const { agentId, place } = await counterAgent(request);
    if (!/^[0-9a-f-]{36}$/.test(request.params.id)) throw new HttpError('not_found');
    const checked = validate(agendaActionSchema, formFields(request.body));
    if (!checked.ok) throw new HttpError('bad_request');
    const { action } = checked.value;
    await db
      .transaction()
      .execute((trx) => recordAgendaAction({ ...context, db: trx }, trx, { agentId, locationId: place.id }, request.params.id, action));
    const done = action === 'check_in' ? 'checked_in' : action;
    return reply.redirect(`${agendaPath}?done=${done}#appointment-${request.params.id}`, 303);
  });

  // Posted to the page's own address, so a form sent back with errors is the same page for the router.
  app.post(agendaPath, counterAgents, async (request, reply) => {
    const { agentId, place } = await counterAgent(request);
    const form = formFields(request.body);
    const checked = validate(walkInSchema, form);
    if (!checked.ok) return sendAgenda(request, reply, { status: 422, form: { values: form, errors: checked.errors } });
    await db
      .transaction()
      .execute((trx) =>
        registerWalkIn({ ...context, db: trx }, trx, { agentId, locationId: place.id }, checked.value, requestLanguage(request)),
      );
    return reply.redirect(`${agendaPath}?done=walk_in`, 303);
  });
}
