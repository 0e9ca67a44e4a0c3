import type { FastifyInstance } from 'fastify';
import { citizenParamsSchema, citizenSearchSchema, type CitizenFile, type CitizenSummary } from '../../shared/citizen.ts';
import { formatPhone, normalisePhone } from '../../shared/phone.ts';
import { latestIdentity, listPhones } from '../account/person.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { agentOf } from '../auth/principal.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { mandatesOfPerson } from '../mandates/mandate.service.ts';
import { parse } from '../procedures/procedure.routes.ts';
import { findPeopleByName, findPeopleByVerifiedPhone, personExists } from './citizen.repository.ts';
import { citizenTimeline } from './citizen-timeline.service.ts';

/** Finding a citizen, and their one timeline across channels. Every look is in the audit log. */
export async function citizenRoutes(app: FastifyInstance, options: { db: Db; clock: () => Date }) {
  const { db, clock } = options;
  // Any signed-in agent: whoever serves a citizen, by phone, at the counter or on a dossier, sees their timeline.
  const agents = { config: { access: { agent: 'any' } } } as const;

  app.get('/api/agent/citizens', agents, async (request): Promise<CitizenSummary[]> => {
    const agent = agentOf(request);
    const { q } = parse(citizenSearchSchema, request.query, 'bad_request');
    const phone = normalisePhone(q);
    const ids = phone ? await findPeopleByVerifiedPhone(db, phone) : await findPeopleByName(db, q.split(/\s+/).filter(Boolean));
    // What was searched for is personal data: the log keeps how, and how many were found.
    await recordAudit(db, {
      actor: { kind: 'agent', id: agent.agentId },
      action: 'citizen.searched',
      subject: { type: 'agent', id: agent.agentId },
      details: { by: phone ? 'verified_phone' : 'name', found: ids.length },
    });
    return Promise.all(ids.map((id) => citizenSummary(db, id)));
  });

  app.get('/api/agent/citizens/:citizen', agents, async (request): Promise<CitizenFile> => {
    const agent = agentOf(request);
    const { citizen } = parse(citizenParamsSchema, request.params);
    if (!(await personExists(db, citizen))) throw new HttpError('not_found');
    await recordAudit(db, {
      actor: { kind: 'agent', id: agent.agentId },
      action: 'citizen.timeline_viewed',
      subject: { type: 'person', id: citizen },
    });
    const [summary, mandates, timeline] = await Promise.all([
      citizenSummary(db, citizen),
      mandatesOfPerson(db, citizen, agent.agentId, clock()),
      citizenTimeline(db, citizen),
    ]);
    return { citizen: summary, mandates, timeline };
  });
}

export async function citizenSummary(db: Db, personId: string): Promise<CitizenSummary> {
  const [identity, phones] = await Promise.all([latestIdentity(db, personId), listPhones(db, personId)]);
  return {
    id: personId,
    name: [identity?.given_name, identity?.family_name].filter(Boolean).join(' '),
    birthdate: identity?.birthdate ?? null,
    verifiedPhones: phones.filter((row) => row.verified_at !== null).map((row) => formatPhone(row.phone)),
  };
}
