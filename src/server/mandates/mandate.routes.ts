import type { FastifyInstance, FastifyRequest } from 'fastify';
import { citizenParamsSchema } from '../../shared/citizen.ts';
import { dossierSubmissionSchema, draftSchema, procedureParamsSchema, type DraftView } from '../../shared/dossier.ts';
import { idempotencyHeader, isIdempotencyKey } from '../../shared/http.ts';
import {
  mandateCodeSchema,
  mandateParamsSchema,
  mandateRequestSchema,
  ownMandateParamsSchema,
  type ConsentRefusal,
  type MandateView,
} from '../../shared/mandate.ts';
import { oneTimeCodeMessage } from '../../shared/one-time-code.ts';
import { validate } from '../../shared/validation.ts';
import { findAgent } from '../agent/agent.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { agentOf, citizenOf, type AgentPrincipal } from '../auth/principal.ts';
import { personExists } from '../citizens/citizen.repository.ts';
import type { DataConnector } from '../connectors/data-connector.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { sendIdempotent } from '../http/idempotency.ts';
import { findDraft, saveDraft } from '../procedures/procedure.repository.ts';
import { parse } from '../procedures/procedure.routes.ts';
import { prefillFor, procedureOrThrow, submitDossier } from '../procedures/procedure.service.ts';
import { citizenOfPerson } from '../procedures/requester.ts';
import { requestLanguage } from '../pages/language.ts';
import { findMandateOfPerson } from './mandate.repository.ts';
import {
  checkMandateCode,
  languageOf,
  mandateView,
  requestMandate,
  requireMandate,
  revokeMandate,
  type ActingAgent,
} from './mandate.service.ts';
import type { MandateRow } from './mandate.table.ts';

interface MandateRoutesOptions {
  db: Db;
  connector: DataConnector;
  clock: () => Date;
}

/** Agents who serve citizens directly hold mandates; the channel they act through follows from their role. */
const frontDesk = { config: { access: { agent: ['phone_agent', 'counter_agent'] } } } as const;

function actingAgent(agent: AgentPrincipal): ActingAgent {
  return { agentId: agent.agentId, channel: agent.role === 'counter_agent' ? 'counter' : 'phone' };
}

/**
 * The organisational unit the agent signed in with: where they work, so which counter is theirs.
 * Read from the session today; the one place to re-point once the agent's principal carries a
 * stored service.
 */
function agentUnit(request: FastifyRequest): string | undefined {
  const viewer = request.session?.viewer;
  return viewer?.kind === 'agent' ? viewer.service : undefined;
}

// Each refusal is said to the agent beside the field it is about, in words (`citizens:errors`).
const refusalAnswers: Record<ConsentRefusal, { status: number; field: 'method' | 'scope' }> = {
  in_person_needs_counter: { status: 403, field: 'method' },
  counter_not_of_service: { status: 403, field: 'scope' },
  no_verified_phone: { status: 422, field: 'method' },
  code_too_soon: { status: 429, field: 'method' },
  too_many_codes_citizen: { status: 429, field: 'method' },
  too_many_codes_agent: { status: 429, field: 'method' },
};

/**
 * Acting on a citizen's behalf: consent first (a mandate), then the same procedures, validation
 * and submission as the citizen's own, each step in the audit log. Outside a mandate: 403.
 */
export async function mandateRoutes(app: FastifyInstance, options: MandateRoutesOptions) {
  const { db, connector, clock } = options;

  const citizenOfParams = async (params: unknown) => {
    const { citizen } = parse(citizenParamsSchema, params);
    if (!(await personExists(db, citizen))) throw new HttpError('not_found');
    return citizen;
  };
  const mandateOf = async (params: unknown): Promise<MandateRow> => {
    const { citizen, mandate } = parse(mandateParamsSchema, params);
    const row = await findMandateOfPerson(db, citizen, mandate);
    if (!row) throw new HttpError('not_found');
    return row;
  };
  const view = async (row: MandateRow, agentId: string): Promise<MandateView> => {
    const agent = await findAgent(db, row.agent_id);
    return mandateView(row, agentId, clock(), agent ? `${agent.given_name} ${agent.family_name}` : '');
  };
  const withMandate = async (request: FastifyRequest, procedure: string) => {
    const agent = actingAgent(agentOf(request));
    const personId = await citizenOfParams(request.params);
    const definition = procedureOrThrow(procedure);
    const mandate = await requireMandate(db, { agent, personId, procedure: definition.id, service: definition.service, now: clock() });
    return { agent, personId, definition, mandate };
  };

  app.post('/api/agent/citizens/:citizen/mandates', frontDesk, async (request, reply) => {
    const agent = actingAgent(agentOf(request));
    const personId = await citizenOfParams(request.params);
    const checked = validate(mandateRequestSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const outcome = await requestMandate(db, { agent, unit: agentUnit(request), personId, request: checked.value, now: clock() });
    if (outcome.kind === 'refused') {
      const { status, field } = refusalAnswers[outcome.reason];
      return reply.status(status).send({ error: outcome.reason, fields: { [field]: `citizens:errors.${outcome.reason}` } });
    }
    return reply.status(201).send(await view(outcome.mandate, agent.agentId));
  });

  app.post('/api/agent/citizens/:citizen/mandates/:mandate/code', frontDesk, async (request, reply) => {
    const agent = actingAgent(agentOf(request));
    const mandate = await mandateOf(request.params);
    if (mandate.agent_id !== agent.agentId) throw new HttpError('not_found');
    const checked = validate(mandateCodeSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const result = await checkMandateCode(db, { agent, mandate, code: checked.value.code, now: clock() });
    if (result !== 'granted') return reply.status(422).send({ error: result, fields: { code: oneTimeCodeMessage(result) } });
    const updated = await mandateOf(request.params);
    return view(updated, agent.agentId);
  });

  // Any agent may ask; the holder, an agent of the holder's service or an admin may do it.
  app.post('/api/agent/citizens/:citizen/mandates/:mandate/revoke', { config: { access: { agent: 'any' } } }, async (request) => {
    const agent = agentOf(request);
    const mandate = await mandateOf(request.params);
    await revokeMandate(db, { by: { kind: 'agent', agent }, mandate, now: clock() });
    return view(await mandateOf(request.params), agent.agentId);
  });

  // The citizen takes their consent back from their account page: a plain form post (CSRF checked
  // like every post), then the account page again, saying so. Effective at once.
  app.post('/account/mandates/:mandate/revoke', { config: { access: 'citizen' } }, async (request, reply) => {
    const { personId } = citizenOf(request);
    const { mandate: id } = parse(ownMandateParamsSchema, request.params);
    const mandate = await findMandateOfPerson(db, personId, id);
    if (!mandate) throw new HttpError('not_found');
    try {
      await revokeMandate(db, { by: { kind: 'citizen', personId }, mandate, now: clock() });
    } catch (error) {
      // Already ended (by time, by the agent, or a second click): said so on the page, not as an error.
      if (error instanceof HttpError && error.code === 'mandate_not_active')
        return reply.redirect('/account?notice=mandate_not_active', 303);
      throw error;
    }
    return reply.redirect('/account?notice=mandate_revoked', 303);
  });

  app.get('/api/agent/citizens/:citizen/procedures/:procedure/prefill', frontDesk, async (request) => {
    const { procedure } = parse(procedureParamsSchema, request.params);
    const { personId, definition } = await withMandate(request, procedure);
    return prefillFor(db, connector, request.log, await citizenOfPerson(db, personId), definition, requestLanguage(request));
  });

  app.get('/api/agent/citizens/:citizen/procedures/:procedure/draft', frontDesk, async (request): Promise<{ draft: DraftView | null }> => {
    const { procedure } = parse(procedureParamsSchema, request.params);
    const { personId } = await withMandate(request, procedure);
    const draft = await findDraft(db, personId, procedure);
    return { draft: draft ? { procedure, answers: draft.answers, updatedAt: draft.updated_at.toISOString() } : null };
  });

  // The citizen's own server draft: what the agent saves, the citizen finds when they sign in.
  app.put('/api/agent/citizens/:citizen/procedures/:procedure/draft', frontDesk, async (request, reply) => {
    const { procedure } = parse(procedureParamsSchema, request.params);
    const { agent, personId, mandate } = await withMandate(request, procedure);
    const checked = validate(draftSchema, request.body);
    if (!checked.ok || checked.value.procedure !== procedure)
      return reply.status(422).send({ error: 'validation', fields: checked.ok ? {} : checked.errors });
    await db.transaction().execute(async (trx) => {
      await saveDraft(trx, personId, procedure, checked.value.answers);
      await recordAudit(trx, {
        actor: { kind: 'agent', id: agent.agentId },
        action: 'mandate.draft_saved',
        subject: { type: 'mandate', id: mandate.id },
        details: { person: personId, procedure },
      });
    });
    return reply.status(204).send();
  });

  app.post('/api/agent/citizens/:citizen/dossiers', frontDesk, async (request, reply) => {
    const key = request.headers[idempotencyHeader.toLowerCase()];
    if (!isIdempotencyKey(key)) throw new HttpError('idempotency_key_missing');
    const checked = validate(dossierSubmissionSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const { agent, personId, mandate } = await withMandate(request, checked.value.procedure);
    const outcome = await submitDossier(db, await citizenOfPerson(db, personId), checked.value, key, await languageOf(db, personId), {
      agentId: agent.agentId,
      channel: agent.channel,
      mandateId: mandate.id,
    });
    if (outcome.kind === 'invalid') return reply.status(422).send({ error: 'validation', fields: outcome.errors });
    return sendIdempotent(reply, outcome);
  });
}
