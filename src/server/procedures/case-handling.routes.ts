import type { FastifyInstance } from 'fastify';
import { dossierActionSchema, dossierListQuerySchema, referenceParamsSchema } from '../../shared/dossier.ts';
import { validate } from '../../shared/validation.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/database.ts';
import { agentOf } from '../auth/principal.ts';
import { listDossiersOfService } from './procedure.repository.ts';
import { changeDossierStatus, dossierOfAgent, dossierSummary, dossierView, procedureServiceOf } from './procedure.service.ts';
import { parse } from './procedure.routes.ts';

const caseHandlers = { config: { access: { agent: ['case_handler'] } } } as const;

/** Case handlers: their service's dossiers only, every look and every decision in the audit log. */
export async function caseHandlingRoutes(app: FastifyInstance, options: { db: Db }) {
  const { db } = options;

  app.get('/api/agent/dossiers', caseHandlers, async (request) => {
    const agent = agentOf(request);
    const query = parse(dossierListQuerySchema, request.query, 'bad_request');
    const rows = await listDossiersOfService(db, procedureServiceOf(agent), {
      ...(query.status ? { status: query.status } : {}),
      ...(query.older_than_days !== undefined ? { olderThanDays: query.older_than_days } : {}),
    });
    return rows.map(dossierSummary);
  });

  app.get('/api/agent/dossiers/:reference', caseHandlers, async (request) => {
    const agent = agentOf(request);
    const { reference } = parse(referenceParamsSchema, request.params);
    const dossier = await dossierOfAgent(db, agent, reference);
    await recordAudit(db, {
      actor: { kind: 'agent', id: agent.agentId },
      action: 'dossier.viewed',
      subject: { type: 'dossier', id: reference },
    });
    return { ...(await dossierView(db, dossier)), citizenId: dossier.person_id };
  });

  app.post('/api/agent/dossiers/:reference/actions', caseHandlers, async (request, reply) => {
    const agent = agentOf(request);
    const { reference } = parse(referenceParamsSchema, request.params);
    // Another service's dossier is a 404 before anything is said about the action.
    const dossier = await dossierOfAgent(db, agent, reference);
    const checked = validate(dossierActionSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    if (checked.value.action === 'request_information' && checked.value.message === '') {
      return reply.status(422).send({ error: 'validation', fields: { message: 'case-handling:errors.message_required' } });
    }
    await changeDossierStatus(db, dossier, {
      actor: { kind: 'agent', id: agent.agentId },
      channel: 'web',
      action: checked.value.action,
      message: checked.value.message,
    });
    return dossierView(db, await dossierOfAgent(db, agent, reference));
  });
}
