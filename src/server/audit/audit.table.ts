import type { ColumnType, Generated } from 'kysely';
import type { ActorKind } from '../../shared/dossier-state.ts';

export interface AuditLogTable {
  id: Generated<string>;
  at: ColumnType<Date, never, never>;
  actor_kind: ActorKind;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: ColumnType<unknown, string | undefined, never>;
}
