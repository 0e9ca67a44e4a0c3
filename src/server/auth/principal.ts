import type { FastifyRequest } from 'fastify';
import type { AgentRole, AgentServiceId } from '../../shared/viewer.ts';

/** A signed-in citizen, as every citizen record check needs them. */
export interface CitizenPrincipal {
  kind: 'citizen';
  personId: string;
}

/** A signed-in agent, with the role and service stored on their row at sign-in. */
export interface AgentPrincipal {
  kind: 'agent';
  agentId: string;
  role: AgentRole;
  /** Null for an agent of no service (an administrator of the whole organisation). */
  serviceId: AgentServiceId | null;
  /** The organisational unit as the provider names it: counter locations are staffed by unit. */
  unit: string;
}

/** Who is asking, computed once per request from the session (see `sessions.ts`). */
export type Principal = { kind: 'anonymous' } | CitizenPrincipal | AgentPrincipal;

export const anonymous: Principal = { kind: 'anonymous' };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

/**
 * The citizen calling a route declared `access: 'citizen'`. Elsewhere it is a programming error,
 * not a refusal: the declaration (see `route-access.ts`) answered 401 before the handler ran.
 */
export function citizenOf(request: FastifyRequest): CitizenPrincipal {
  const principal = request.principal;
  if (principal.kind !== 'citizen')
    throw new Error(`${request.routeOptions.url ?? request.url}: citizenOf on a route not declared for citizens`);
  return principal;
}

/** The agent calling a route declared `access: { agent: … }`; see `citizenOf`. */
export function agentOf(request: FastifyRequest): AgentPrincipal {
  const principal = request.principal;
  if (principal.kind !== 'agent') throw new Error(`${request.routeOptions.url ?? request.url}: agentOf on a route not declared for agents`);
  return principal;
}

/** The signed-in citizen's person id on a public route that pre-fills or links for them; undefined otherwise. */
export function signedInPersonId(request: FastifyRequest): string | undefined {
  return request.principal.kind === 'citizen' ? request.principal.personId : undefined;
}
