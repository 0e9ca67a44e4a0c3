import type { ColumnType, Generated } from 'kysely';
import type { Language } from '../../shared/languages.ts';

/** Feedback sent from the accessibility statement, kept for the service's accessibility contact. */
export interface AccessibilityFeedbackTable {
  id: Generated<string>;
  message: string;
  page: string | null;
  contact: string | null;
  language: Language;
  /** The citizen who sent it, when signed in. */
  person_id: string | null;
  created_at: ColumnType<Date, never, never>;
}
