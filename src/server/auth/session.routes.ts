import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessionRenewPath, sessionStatusPath, type SessionStatus } from '../../shared/session.ts';
import { sessionWarningMs, type Sessions } from './sessions.ts';

interface SessionRoutesOptions {
  sessions: Sessions;
  idleMinutes: number;
  clock: () => Date;
}

/**
 * What the page needs to warn before the session ends (WCAG 2.2.1): how long it has left, read
 * without extending it, and "stay signed in", which starts the idle time again. Both answer only
 * for this browser's own session.
 */
export async function sessionRoutes(app: FastifyInstance, options: SessionRoutesOptions) {
  const { sessions, clock } = options;
  const warnBeforeSeconds = Math.floor(sessionWarningMs(options.idleMinutes) / 1000);

  const status = (request: FastifyRequest): SessionStatus => {
    const principal = request.principal;
    if (!request.session || principal.kind === 'anonymous') return { signedIn: false };
    const endsInSeconds = Math.max(0, Math.floor((request.session.endsAt.getTime() - clock().getTime()) / 1000));
    return { signedIn: true, audience: principal.kind, endsInSeconds, warnBeforeSeconds };
  };

  app.get(sessionStatusPath, { config: { access: 'public', keepsSessionIdle: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return status(request);
  });

  app.post(sessionRenewPath, { config: { access: 'signed-in' } }, async (request, reply) => {
    await sessions.renew(request);
    reply.header('cache-control', 'no-store');
    return status(request);
  });
}
