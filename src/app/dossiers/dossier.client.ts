import type { DossierSummary, DossierView } from '../../shared/dossier.ts';
import { getJson, postJson } from '../http/api-client.ts';

export function fetchMyDossiers() {
  return getJson<DossierSummary[]>('/api/dossiers');
}

export function fetchDossier(reference: string) {
  return getJson<DossierView>(`/api/dossiers/${encodeURIComponent(reference)}`);
}

export function sendInformation(reference: string, message: string, idempotencyKey: string) {
  return postJson<DossierView>(`/api/dossiers/${encodeURIComponent(reference)}/information`, { message }, { idempotencyKey });
}
