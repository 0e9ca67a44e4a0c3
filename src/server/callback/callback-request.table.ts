import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CallbackStatus, CallbackTopic, CallbackWindow, CallLanguage } from '../../shared/callback-request.ts';
import type { ActorKind } from '../../shared/dossier-state.ts';
import type { Language } from '../../shared/languages.ts';

type SettableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface CallbackRequestTable {
  id: Generated<string>;
  reference: string;
  phone: string;
  topic: CallbackTopic;
  /** The citizen's own words about the topic (required for "other"). */
  topic_detail: ColumnType<string | null, string | null | undefined, string | null>;
  time_window: CallbackWindow;
  name: string | null;
  /** The language the site was read in when asking. */
  language: Language;
  /** The language the citizen wants the call in. */
  call_language: ColumnType<CallLanguage | null, CallLanguage | null | undefined, CallLanguage | null>;
  dossier_reference: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set once the person who asked has verified this phone number, or asked signed in with it verified. */
  person_id: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<CallbackStatus>;
  /** Calls made so far. */
  attempts: Generated<number>;
  /** A rescheduled call is not offered before this moment. */
  next_attempt_at: SettableTimestamp;
  claimed_by: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_at: SettableTimestamp;
  /** SHA-256 of the cancel link's secret part; the link itself is only in the SMS. */
  cancel_token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export type CallbackRequestRow = Selectable<CallbackRequestTable>;

/** Every status a request went through, with who moved it and the agent's note: its timeline. */
export interface CallbackEventTable {
  id: Generated<string>;
  callback_request_id: string;
  at: ColumnType<Date, never, never>;
  status: CallbackStatus;
  actor_kind: ActorKind;
  actor_id: string | null;
  note: string | null;
}
