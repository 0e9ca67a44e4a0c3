import type { Generated } from 'kysely';
import type { AgentRole, AgentServiceId } from '../../shared/viewer.ts';

/** A public agent, as their identity provider last described them. */
export interface AgentTable {
  id: Generated<string>;
  issuer: string;
  subject: string;
  given_name: string;
  family_name: string;
  email: string | null;
  role: AgentRole;
  /** The organisational unit, as the provider names it. */
  service: string;
  /** The service that unit maps to (`service-of-unit.ts`), set at each sign-in; null: none. */
  service_id: AgentServiceId | null;
  updated_at: Date;
}
