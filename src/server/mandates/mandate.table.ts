import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ConsentMethod, MandateStatus } from '../../shared/mandate.ts';

type Json<T> = ColumnType<T, string | undefined, never>;

/** An agent's permission to act for a citizen: its scope, its duration, and how consent was given. */
export interface MandateTable {
  id: Generated<string>;
  person_id: string;
  agent_id: string;
  scope_kind: 'procedure' | 'theme';
  /** A procedure id, or a service id for a theme. */
  scope_value: string;
  duration_hours: number;
  consent_method: ConsentMethod;
  channel: 'phone' | 'counter';
  status: MandateStatus;
  code_phone: string | null;
  /** When the code sent for consent stops working (the code itself: `one_time_code`). */
  code_expires_at: Date | null;
  identity_document: string | null;
  identity_checks: Json<string[]>;
  requested_at: Date;
  granted_at: Date | null;
  expires_at: Date | null;
  /** When it was revoked, failed or found expired. */
  ended_at: Date | null;
}

export type MandateRow = Selectable<MandateTable>;
