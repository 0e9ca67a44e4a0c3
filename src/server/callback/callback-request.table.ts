import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CallbackTopic, CallbackWindow } from '../../shared/callback-request.ts';
import type { Language } from '../../shared/languages.ts';

export interface CallbackRequestTable {
  id: Generated<string>;
  reference: string;
  phone: string;
  topic: CallbackTopic;
  time_window: CallbackWindow;
  name: string | null;
  language: Language;
  /** Set once the person who asked has verified this phone number. */
  person_id: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<'requested' | 'scheduled' | 'in_progress' | 'done' | 'no_answer' | 'cancelled'>;
  created_at: ColumnType<Date, never, never>;
}

export type CallbackRequestRow = Selectable<CallbackRequestTable>;
