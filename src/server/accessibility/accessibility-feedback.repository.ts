import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AccessibilityFeedbackTable } from './accessibility-feedback.table.ts';

export async function insertAccessibilityFeedback(db: Db, row: Insertable<AccessibilityFeedbackTable>): Promise<{ id: string }> {
  return db.insertInto('accessibility_feedback').values(row).returning('id').executeTakeFirstOrThrow();
}
