import type { DossierCreated, DossierSubmission, DraftView, PrefillView } from '../../shared/dossier.ts';
import type { FormValues } from '../../shared/procedures/answers.ts';
import { getJson, putJson } from '../http/api-client.ts';
import type { OutboxSubmission } from '../offline/submit-through-outbox.ts';

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

/**
 * Through the outbox, with the draft's idempotency key: offline, the submission waits on the
 * device and goes when the network returns; sent twice, it still makes one dossier.
 */
export async function submitDossier(submission: DossierSubmission, idempotencyKey: string): Promise<OutboxSubmission<DossierCreated>> {
  const { submitThroughOutbox } = await import('../offline/submit-through-outbox.ts');
  return submitThroughOutbox<DossierCreated>({
    key: idempotencyKey,
    kind: 'dossier-submission',
    url: '/api/dossiers',
    body: { ...submission },
    formValues: submission.answers,
  });
}
