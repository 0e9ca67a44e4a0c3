import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** For load balancers and uptime checks: healthy means the database answers. */
export async function healthRoutes(app: FastifyInstance, options: { db: Db }) {
  app.get('/healthz', { config: { access: 'public' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(options.db);
      return { status: 'ok' };
    } catch (error) {
      app.log.error({ err: error }, 'health check: database did not answer');
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
}
