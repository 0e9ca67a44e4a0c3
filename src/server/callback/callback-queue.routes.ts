import type { FastifyInstance } from 'fastify';
import { callbackReferenceParams } from '../../shared/callback-request.ts';
import { callbackOutcomeSchema, type CallbackCallView, type CallbackQueueItem } from '../../shared/callback-state.ts';
import { validate } from '../../shared/validation.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { agentOf } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { findCallbackRequestByReference, listCallbackEvents, listCallbackQueue } from './callback-request.repository.ts';
import { claimCallbackRequest, recordCallbackOutcome } from './callback-request.service.ts';
import type { SignedLinks } from '../security/signed-token.ts';

interface CallbackQueueOptions {
  db: Db;
  clock: () => Date;
  callbacks: Config['callbacks'];
  links: SignedLinks;
}

/**
 * The phone agents' side: the queue, claiming a request (one agent per request, the database
 * decides), the call sheet, and the outcome. Every action goes to the audit log.
 */
export async function callbackQueueRoutes(app: FastifyInstance, options: CallbackQueueOptions) {
  const { db, clock, callbacks, links } = options;
  const phoneAgents = { config: { access: { agent: ['phone_agent'] } } } as const;

  const referenceOf = (params: unknown) => {
    const checked = validate(callbackReferenceParams, params);
    if (!checked.ok) throw new HttpError('not_found');
    return checked.value.reference;
  };

  /** The call sheet: the phone number and what the citizen wrote, for the agent who holds the request only. */
  const callView = async (reference: string, agentId: string): Promise<CallbackCallView> => {
    const row = await findCallbackRequestByReference(db, reference);
    if (!row) throw new HttpError('not_found');
    if (row.claimed_by !== agentId) throw new HttpError('callback_not_claimed');
    const events = await listCallbackEvents(db, row.id);
    return {
      reference: row.reference,
      status: row.status,
      phone: row.phone,
      name: row.name,
      topic: row.topic,
      topicDetail: row.topic_detail,
      window: row.time_window,
      callLanguage: row.call_language ?? row.language,
      dossier: row.dossier_reference,
      attempts: row.attempts,
      maxAttempts: callbacks.maxAttempts,
      createdAt: row.created_at.toISOString(),
      events: events.map((event) => ({ at: event.at.toISOString(), status: event.status, note: event.note })),
      mine: true,
    };
  };

  app.get('/api/agent/callbacks', phoneAgents, async (request, reply) => {
    const agent = agentOf(request);
    const rows = await listCallbackQueue(db, agent.agentId, clock());
    const body: CallbackQueueItem[] = rows.map((row) => ({
      reference: row.reference,
      topic: row.topic,
      window: row.time_window,
      callLanguage: row.call_language ?? row.language,
      status: row.status,
      attempts: row.attempts,
      createdAt: row.created_at.toISOString(),
      dueAt: row.next_attempt_at?.toISOString() ?? null,
      mine: row.claimed_by === agent.agentId,
    }));
    return reply.header('cache-control', 'private, no-store').send(body);
  });

  app.get('/api/agent/callbacks/:reference', phoneAgents, async (request, reply) => {
    const agent = agentOf(request);
    const reference = referenceOf(request.params);
    const view = await callView(reference, agent.agentId);
    await recordAudit(db, {
      actor: { kind: 'agent', id: agent.agentId },
      action: 'callback.viewed',
      subject: { type: 'callback_request', id: reference },
    });
    return reply.header('cache-control', 'private, no-store').send(view);
  });

  app.post('/api/agent/callbacks/:reference/claim', phoneAgents, async (request) => {
    const agent = agentOf(request);
    const reference = referenceOf(request.params);
    const claimed = await db.transaction().execute((trx) => claimCallbackRequest(trx, reference, agent.agentId, clock()));
    if (!claimed.ok) throw new HttpError(claimed.reason === 'not_found' ? 'not_found' : 'callback_taken');
    return callView(reference, agent.agentId);
  });

  app.post('/api/agent/callbacks/:reference/outcome', phoneAgents, async (request, reply) => {
    const agent = agentOf(request);
    const reference = referenceOf(request.params);
    const checked = validate(callbackOutcomeSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const recorded = await db
      .transaction()
      .execute((trx) => recordCallbackOutcome(trx, reference, agent.agentId, checked.value, { now: clock(), callbacks, links }));
    if (!recorded.ok) throw new HttpError('callback_not_claimed');
    const row = await findCallbackRequestByReference(db, reference);
    return { reference, status: row?.status ?? 'done' };
  });
}
