import type { DossierCreated, DossierSubmission, DraftView, PrefillView } from '../../shared/dossier.ts';
import type { FormValues } from '../../shared/procedures/answers.ts';
import { getJson, postFile, postJson, putJson } from '../http/api-client.ts';

export function fetchPrefill(procedure: string) {
  return getJson<PrefillView>(`/api/procedures/${encodeURIComponent(procedure)}/prefill`);
}

export function fetchServerDraft(procedure: string) {
  return getJson<{ draft: DraftView | null }>(`/api/procedures/${encodeURIComponent(procedure)}/draft`);
}

/** Best effort: a signed-in citizen's draft follows them to another device; offline, the local one is enough. */
export function saveServerDraft(procedure: string, answers: FormValues) {
  return putJson<unknown>(`/api/procedures/${encodeURIComponent(procedure)}/draft`, { procedure, answers });
}

export function submitDossier(submission: DossierSubmission, idempotencyKey: string) {
  return postJson<DossierCreated>('/api/dossiers', submission, { idempotencyKey });
}

export function uploadDocument(file: File) {
  return postFile<{ id: string; fileName: string; size: number }>('/api/procedure-uploads', file, file.name);
}
