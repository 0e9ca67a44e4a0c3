import { services } from './procedures/definition.ts';

/** The roles an agent can hold; each agent works for one service (organisation). */
export const agentRoles = ['phone_agent', 'counter_agent', 'case_handler', 'admin'] as const;
export type AgentRole = (typeof agentRoles)[number];

/**
 * The team an agent works in: a service that handles procedures, or the reception (phone and
 * counter), which serves citizens for all of them.
 */
export const agentServices = [...services, 'reception'] as const;
export type AgentServiceId = (typeof agentServices)[number];

/** Who is looking at the page, as the header and the pages need it; nothing more personal. */
export type Viewer = { kind: 'citizen'; name: string } | { kind: 'agent'; name: string; role: AgentRole; service: string };
