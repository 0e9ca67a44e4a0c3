import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ActorKind, Channel, DossierAction, DossierStatus } from '../../shared/dossier-state.ts';
import type { Language } from '../../shared/languages.ts';
import type { FormValues } from '../../shared/procedures/answers.ts';
import type { ServiceId } from '../../shared/procedures/definition.ts';

type Json<T> = ColumnType<T, string, string>;

export interface DossierTable {
  id: Generated<string>;
  reference: string;
  procedure: string;
  service: ServiceId;
  person_id: string;
  status: DossierStatus;
  /** The answers as typed (only the questions asked), checked by the procedure's schema. */
  answers: Json<FormValues>;
  /** The number typed in the answers: messages go there only when the citizen filed the dossier themselves. */
  contact_phone: string | null;
  language: Language;
  submission_key: string;
  /** Who submitted it: the citizen online, or an agent for them by phone or at the counter. */
  submission_channel: ColumnType<Channel, Channel | undefined, never>;
  submitted_by_agent_id: ColumnType<string | null, string | null | undefined, never>;
  /** The citizen's consent the agent acted under. */
  mandate_id: ColumnType<string | null, string | null | undefined, never>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface DossierEventTable {
  id: Generated<string>;
  dossier_id: string;
  at: ColumnType<Date, never, never>;
  actor_kind: ActorKind;
  actor_id: string | null;
  channel: Channel;
  kind: 'status_changed' | 'message';
  action: DossierAction | null;
  from_status: DossierStatus | null;
  to_status: DossierStatus | null;
  message: string | null;
}

export interface ProcedureDraftTable {
  person_id: string;
  procedure: string;
  answers: Json<FormValues>;
  updated_at: ColumnType<Date, never, Date>;
}

export type DossierRow = Selectable<DossierTable>;
