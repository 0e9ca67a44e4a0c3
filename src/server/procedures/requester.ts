import type { FastifyRequest } from 'fastify';
import type { IdentityClaim, ServiceId } from '../../shared/procedures/definition.ts';
import { latestIdentity } from '../account/person.repository.ts';
import type { Db } from '../db/database.ts';
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
  /** Undefined for an agent whose unit handles no procedure. */
  service: ServiceId | undefined;
}

/**
 * How procedures learn who is asking: a citizen with the claims they signed in with, or an agent
 * with their role and service. `sessionRequesters` reads the sign-in sessions.
 */
export interface Requesters {
  citizen(request: FastifyRequest): Promise<Citizen | undefined>;
  agent(request: FastifyRequest): Promise<Agent | undefined>;
}

/**
 * ProConnect names an organisational unit ("Mairie de Villeneuve – État civil"); procedures name
 * the team that handles them. An agent of a unit not listed here handles no procedure.
 */
const servicesByUnitKeyword: { keyword: RegExp; service: ServiceId }[] = [
  { keyword: /état civil/i, service: 'civil_status' },
  { keyword: /éducation|scolaire|école/i, service: 'education' },
  { keyword: /stationnement|mobilité/i, service: 'mobility' },
];

export function serviceOfUnit(unit: string): ServiceId | undefined {
  return servicesByUnitKeyword.find((entry) => entry.keyword.test(unit))?.service;
}

/** A person as procedures see them, with the claims of the identity they last signed in with. */
export async function citizenOfPerson(db: Db, personId: string): Promise<Citizen> {
  const identity = await latestIdentity(db, personId);
  const claims: Citizen['claims'] = {};
  if (identity) {
    for (const claim of [
      'given_name',
      'family_name',
      'birthdate',
      'gender',
      'birthplace',
      'birthcountry',
      'email',
      'phone_number',
    ] as const) {
      const value = identity[claim];
      if (value) claims[claim] = value;
    }
  }
  return { personId, claims, identityProvider: identity?.provider_name ?? '' };
}

/** Who is asking, from the sign-in session of the request (see `auth/sessions.ts`). */
export function sessionRequesters(db: Db): Requesters {
  return {
    async citizen(request) {
      const personId = request.session?.personId;
      return personId ? citizenOfPerson(db, personId) : undefined;
    },
    async agent(request) {
      const session = request.session;
      const viewer = session?.viewer;
      if (!session?.agentId || viewer?.kind !== 'agent') return undefined;
      return { agentId: session.agentId, roles: [viewer.role], service: serviceOfUnit(viewer.service) };
    },
  };
}

export async function requireCitizen(requesters: Requesters, request: FastifyRequest): Promise<Citizen> {
  const citizen = await requesters.citizen(request);
  if (!citizen) throw new HttpError('sign_in_required');
  return citizen;
}

export async function requireCaseHandler(requesters: Requesters, request: FastifyRequest): Promise<Agent & { service: ServiceId }> {
  const agent = await requesters.agent(request);
  if (!agent) throw new HttpError('sign_in_required');
  const service = agent.service;
  if (!agent.roles.includes('case_handler') || !service) throw new HttpError('case_handler_role_required');
  return { ...agent, service };
}
