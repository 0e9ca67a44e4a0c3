import type { AttachedDocument } from '../../shared/documents.ts';
import type { DossierActionRequest, DossierSummary, DossierView } from '../../shared/dossier.ts';
import { getJson, postJson } from '../http/api-client.ts';

export function fetchServiceDossiers(filter: { status?: string; olderThanDays?: string }) {
  const query = new URLSearchParams();
  if (filter.status) query.set('status', filter.status);
  if (filter.olderThanDays) query.set('older_than_days', filter.olderThanDays);
  const search = query.toString();
  return getJson<DossierSummary[]>(`/api/agent/dossiers${search ? `?${search}` : ''}`);
}

export function fetchCase(reference: string) {
  return getJson<DossierView>(`/api/agent/dossiers/${encodeURIComponent(reference)}`);
}

export function actOnCase(reference: string, request: DossierActionRequest, idempotencyKey: string) {
  return postJson<DossierView>(`/api/agent/dossiers/${encodeURIComponent(reference)}/actions`, request, { idempotencyKey });
}

export function fetchCaseDocuments(reference: string) {
  return getJson<AttachedDocument[]>(`/api/agent/dossiers/${encodeURIComponent(reference)}/documents`);
}

/** Opening one is written to the audit log, and the citizen sees who did. */
export function caseDocumentUrl(reference: string, documentId: string): string {
  return `/api/agent/dossiers/${encodeURIComponent(reference)}/documents/${encodeURIComponent(documentId)}/content`;
}
