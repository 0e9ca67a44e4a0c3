import type { ColumnType, Generated } from 'kysely';
import type { SurveyChannel } from '../../shared/satisfaction-survey.ts';
import type { Language } from '../../shared/languages.ts';

/** One invitation to rate a call or a visit; no phone number kept, so answers are not tied to a person. */
export interface SatisfactionSurveyTable {
  id: Generated<string>;
  /** SHA-256 of the link's secret part. */
  token_hash: string;
  channel: SurveyChannel;
  /** What the citizen was served for: a call-back topic, a counter service. */
  service: string;
  language: Language;
  /** The call or visit rated ("callback_request", its reference), so one is not invited twice. */
  subject_type: string | null;
  subject_id: string | null;
  created_at: ColumnType<Date, never, never>;
  answered_at: ColumnType<Date | null, never, Date>;
  rating: ColumnType<number | null, never, number>;
}
