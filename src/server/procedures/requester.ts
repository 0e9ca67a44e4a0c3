import type { FastifyRequest } from 'fastify';
import type { IdentityClaim, ServiceId } from '../../shared/procedures/definition.ts';
import { HttpError } from '../http/http-error.ts';

/** A signed-in citizen: who they are for the database, and what the identity federation said. */
export interface Citizen {
  personId: string;
  claims: Partial<Record<IdentityClaim, string>>;
  /** Shown beside identity answers: "from FranceConnect". */
  identityProvider: string;
}

/** A signed-in agent, attached to one service, with roles such as `case_handler`. */
export interface Agent {
  agentId: string;
  roles: readonly string[];
  service: ServiceId;
}

/**
 * How procedures learn who is asking. Sign-in provides the real one (sessions in the database);
 * until it is wired, nobody is signed in and every personal route answers 401.
 */
export interface Requesters {
  citizen(request: FastifyRequest): Promise<Citizen | undefined>;
  agent(request: FastifyRequest): Promise<Agent | undefined>;
}

export const nobodySignedIn: Requesters = {
  citizen: async () => undefined,
  agent: async () => undefined,
};

export async function requireCitizen(requesters: Requesters, request: FastifyRequest): Promise<Citizen> {
  const citizen = await requesters.citizen(request);
  if (!citizen) throw new HttpError(401, 'sign_in_required');
  return citizen;
}

export async function requireCaseHandler(requesters: Requesters, request: FastifyRequest): Promise<Agent> {
  const agent = await requesters.agent(request);
  if (!agent) throw new HttpError(401, 'sign_in_required');
  if (!agent.roles.includes('case_handler')) throw new HttpError(403, 'case_handler_role_required');
  return agent;
}
