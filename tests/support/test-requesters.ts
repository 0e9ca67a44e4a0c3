import '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { Agent, Citizen, Requesters } from '../../src/server/procedures/requester.ts';

/**
 * Stand-ins for sign-in while it is not wired: a cookie names the persona or the agent. Only the
 * tests build an app with these; the real server has no such door.
 */
export const citizenCookie = 'test-citizen';
export const agentCookie = 'test-agent';

export const personas = {
  camille: {
    personId: 'person-camille',
    identityProvider: 'FranceConnect',
    claims: {
      given_name: 'Camille',
      family_name: 'Martin',
      birthdate: '1987-04-12',
      gender: 'female',
      birthplace: 'Limoges',
      email: 'camille.martin@example.fr',
      phone_number: '+33612345678',
    },
  },
  ahmed: {
    personId: 'person-ahmed',
    identityProvider: 'FranceConnect',
    claims: { given_name: 'Ahmed', family_name: 'Benali', birthdate: '1979', phone_number: '+33798765432' },
  },
} satisfies Record<string, Citizen>;

export const agents = {
  education: { agentId: 'agent-education', roles: ['case_handler'], service: 'education' },
  civilStatus: { agentId: 'agent-civil-status', roles: ['case_handler'], service: 'civil_status' },
  receptionist: { agentId: 'agent-reception', roles: ['counter'], service: 'education' },
} satisfies Record<string, Agent>;

const lookup = <T>(table: Record<string, T>, key: string | undefined): T | undefined =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;

export const testRequesters: Requesters = {
  citizen: async (request: FastifyRequest) => lookup<Citizen>(personas, request.cookies[citizenCookie]),
  agent: async (request: FastifyRequest) => lookup<Agent>(agents, request.cookies[agentCookie]),
};
