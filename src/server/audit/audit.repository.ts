import type { ActorKind } from '../../shared/dossier-state.ts';
import type { Db } from '../db/database.ts';

export interface AuditEntry {
  actor: { kind: ActorKind; id: string };
  /** What was done, as a stable code: `dossier.request_information`, `dossier.opened`. */
  action: string;
  subject: { type: string; id: string };
  /** Enough to understand the action later; never more personal data than the action needs. */
  details?: Record<string, unknown>;
}

/**
 * Writes one line of the append-only audit log. Give it the caller's transaction, so the line
 * exists if and only if the action happened. The database refuses to change or delete it.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_kind: entry.actor.kind,
      actor_id: entry.actor.id,
      action: entry.action,
      subject_type: entry.subject.type,
      subject_id: entry.subject.id,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

export async function auditTrail(db: Db, subject: { type: string; id: string }) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .orderBy('id')
    .execute();
}
