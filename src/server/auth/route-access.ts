import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { AgentRole } from '../../shared/viewer.ts';
import { HttpError } from '../http/http-error.ts';

/**
 * Who may call a route, declared on the route itself (`{ config: { access: … } }`):
 * - `'public'`: anyone; the handler may still read `request.principal` (to pre-fill, say);
 * - `'citizen'`: a signed-in citizen; records are then checked against `citizenOf(request)`;
 * - `'signed-in'`: a citizen or an agent (what every session has, such as staying signed in);
 * - `{ agent: 'any' }` or `{ agent: [roles] }`: a signed-in agent (of one of these roles);
 *   records of a service are then checked against `agentOf(request).serviceId`.
 */
export type RouteAccess = 'public' | 'citizen' | 'signed-in' | { agent: 'any' | readonly AgentRole[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every route registered after `enforceRouteAccess`, with its declaration. */
    declaredRoutes: DeclaredRoute[];
  }
}

/** One registered route and what it declared, for the inventory test and anyone reading the app. */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * The one place access is enforced. Every route registered after this call must declare its
 * access, or the server refuses to start; a declared route gets a check that runs right after the
 * session is loaded, before its body is read: 401 `sign_in_required` without the right kind of
 * sign-in (a page instead sends the browser to sign in and come back), 403 `forbidden` for an
 * agent of another role. Returns the routes as they are declared.
 */
export function enforceRouteAccess(app: FastifyInstance): DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!access) {
      throw new Error(
        `${methods.join(',')} ${route.url} declares no access: add config.access ('public', 'citizen', 'signed-in' or { agent: … })`,
      );
    }
    for (const method of methods) declared.push({ method, url: route.url, access });
    if (access === 'public') return;
    const check = accessCheck(access, route.url.startsWith('/api/'));
    route.onRequest = [check, ...toArray(route.onRequest)];
  });
  return declared;
}

function accessCheck(access: Exclude<RouteAccess, 'public'>, api: boolean): onRequestHookHandler {
  const wanted: readonly string[] = access === 'signed-in' ? ['citizen', 'agent'] : access === 'citizen' ? ['citizen'] : ['agent'];
  const roles = typeof access === 'string' || access.agent === 'any' ? undefined : access.agent;
  return async function checkAccess(request: FastifyRequest, reply: FastifyReply) {
    const principal = request.principal;
    if (!wanted.includes(principal.kind)) {
      // A page opened without the right sign-in: sign in, then come back to it.
      if (!api && (request.method === 'GET' || request.method === 'HEAD')) {
        const login = wanted.includes('citizen') ? '/auth/login' : '/agent/auth/login';
        return reply.redirect(`${login}?return=${encodeURIComponent(request.url)}`, 303);
      }
      throw new HttpError('sign_in_required');
    }
    if (roles && principal.kind === 'agent' && !roles.includes(principal.role)) throw new HttpError('forbidden');
  };
}

function toArray<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}
