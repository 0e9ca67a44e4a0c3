import type { FastifyInstance, FastifyRequest } from 'fastify';
import { citizenParamsSchema } from '../../shared/citizen.ts';
import { dossierSubmissionSchema, draftSchema, procedureParamsSchema, type DraftView } from '../../shared/dossier.ts';
import { idempotencyHeader, isIdempotencyKey } from '../../shared/http.ts';
import { mandateCodeSchema, mandateParamsSchema, mandateRequestSchema, type MandateView } from '../../shared/mandate.ts';
import { validate } from '../../shared/validation.ts';
import { latestVerifiedPhone } from '../account/person.repository.ts';
import { findAgent } from '../agent/agent.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { agentOf, type AgentPrincipal } from '../auth/principal.ts';
import { personExists } from '../citizens/citizen.repository.ts';
import type { DataConnector } from '../connectors/data-connector.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { sendIdempotent } from '../http/idempotency.ts';
import { findDraft, saveDraft } from '../procedures/procedure.repository.ts';
import { parse } from '../procedures/procedure.routes.ts';
import { prefillFor, procedureOrThrow, submitDossier } from '../procedures/procedure.service.ts';
import { citizenOfPerson } from '../procedures/requester.ts';
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
 * Acting on a citizen's behalf: consent first (a mandate), then the same procedures, validation
 * and submission as the citizen's own, each step in the audit log. Outside a mandate: 403.
 */
export async function mandateRoutes(app: FastifyInstance, options: MandateRoutesOptions) {
  const { db, connector, clock } = options;

  const citizenOf = async (params: unknown) => {
    const { citizen } = parse(citizenParamsSchema, params);
    if (!(await personExists(db, citizen))) throw new HttpError(404, 'not_found');
    return citizen;
  };
  const mandateOf = async (params: unknown): Promise<MandateRow> => {
    const { citizen, mandate } = parse(mandateParamsSchema, params);
    const row = await findMandateOfPerson(db, citizen, mandate);
    if (!row) throw new HttpError(404, 'not_found');
    return row;
  };
  const view = async (row: MandateRow, agentId: string): Promise<MandateView> => {
    const agent = await findAgent(db, row.agent_id);
    return mandateView(row, agentId, clock(), agent ? `${agent.given_name} ${agent.family_name}` : '');
  };
  const withMandate = async (request: FastifyRequest, procedure: string) => {
    const agent = actingAgent(agentOf(request));
    const personId = await citizenOf(request.params);
    const definition = procedureOrThrow(procedure);
    const mandate = await requireMandate(db, { agent, personId, procedure: definition.id, service: definition.service, now: clock() });
    return { agent, personId, definition, mandate };
  };

  app.post('/api/agent/citizens/:citizen/mandates', frontDesk, async (request, reply) => {
    const agent = actingAgent(agentOf(request));
    const personId = await citizenOf(request.params);
    const checked = validate(mandateRequestSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const outcome = await requestMandate(db, { agent, personId, request: checked.value, now: clock() });
    if (outcome.kind === 'no_verified_phone') {
      return reply.status(422).send({ error: 'no_verified_phone', fields: { method: 'citizens:errors.no_verified_phone' } });
    }
    if (outcome.kind === 'too_soon') {
      return reply.status(429).send({ error: 'code_too_soon', fields: { method: 'citizens:errors.code_too_soon' } });
    }
    return reply.status(201).send(await view(outcome.mandate, agent.agentId));
  });

  app.post('/api/agent/citizens/:citizen/mandates/:mandate/code', frontDesk, async (request, reply) => {
    const agent = actingAgent(agentOf(request));
    const mandate = await mandateOf(request.params);
    if (mandate.agent_id !== agent.agentId) throw new HttpError(404, 'not_found');
    const checked = validate(mandateCodeSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const result = await checkMandateCode(db, { agent, mandate, code: checked.value.code, now: clock() });
    if (result !== 'granted')
      return reply.status(422).send({ error: `code_${result}`, fields: { code: `citizens:errors.code_${result}` } });
    const updated = await mandateOf(request.params);
    return view(updated, agent.agentId);
  });

  // Any agent may ask; the holder, an agent of the holder's service or an admin may do it.
  app.post('/api/agent/citizens/:citizen/mandates/:mandate/revoke', { config: { access: { agent: 'any' } } }, async (request) => {
    const agent = agentOf(request);
    const mandate = await mandateOf(request.params);
    await revokeMandate(db, { agent, mandate, now: clock() });
    return view(await mandateOf(request.params), agent.agentId);
  });

  app.get('/api/agent/citizens/:citizen/procedures/:procedure/prefill', frontDesk, async (request) => {
    const { procedure } = parse(procedureParamsSchema, request.params);
    const { personId, definition } = await withMandate(request, procedure);
    return prefillFor(db, connector, request.log, await citizenOfPerson(db, personId), definition);
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
    if (!isIdempotencyKey(key)) throw new HttpError(400, 'idempotency_key_missing');
    const checked = validate(dossierSubmissionSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const { agent, personId, mandate } = await withMandate(request, checked.value.procedure);
    const outcome = await submitDossier(db, await citizenOfPerson(db, personId), checked.value, key, await languageOf(db, personId), {
      agentId: agent.agentId,
      channel: agent.channel,
      mandateId: mandate.id,
      phone: mandate.code_phone ?? (await latestVerifiedPhone(db, personId)),
    });
    if (outcome.kind === 'invalid') return reply.status(422).send({ error: 'validation', fields: outcome.errors });
    return sendIdempotent(reply, outcome);
  });
}
