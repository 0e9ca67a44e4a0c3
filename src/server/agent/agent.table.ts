import type { Generated } from 'kysely';
import type { AgentRole } from '../../shared/viewer.ts';

/** A public agent, as their identity provider last described them. */
export interface AgentTable {
  id: Generated<string>;
  issuer: string;
  subject: string;
  given_name: string;
  family_name: string;
  email: string | null;
  role: AgentRole;
  service: string;
  updated_at: Date;
}
