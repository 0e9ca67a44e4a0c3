import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { agentOf } from '../auth/principal.ts';
import { findAgent } from './agent.repository.ts';

/** The agent workspace's home: who is signed in, their role and service. Queues come later. */
export async function agentRoutes(app: FastifyInstance, options: { db: Db; pages: PageRenderer }) {
  const { db, pages } = options;

  app.get('/agent', { config: { access: { agent: 'any' } } }, async (request, reply) => {
    const agent = await findAgent(db, agentOf(request).agentId);
    if (!agent) throw new HttpError('not_found');
    return pages.send(request, reply, {
      url: request.url,
      language: requestLanguage(request),
      state: {
        agentHome: { name: `${agent.given_name} ${agent.family_name}`, email: agent.email, role: agent.role, service: agent.service },
      },
    });
  });
}
