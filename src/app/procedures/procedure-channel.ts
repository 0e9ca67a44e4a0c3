import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DossierCreated, DossierSubmission, DraftView, PrefillView } from '../../shared/dossier.ts';
import type { FormValues } from '../../shared/procedures/answers.ts';
import type { ApiResult } from '../http/api-client.ts';
import type { OutboxSubmission } from '../offline/submit-through-outbox.ts';
import { fetchPrefill, fetchServerDraft, saveServerDraft, submitDossier } from './procedure.client.ts';

/**
 * Who a procedure's pages are filled in for, and where they talk to: the signed-in citizen, or an
 * agent acting for a citizen under a mandate. The pages, the form engine and the validation are
 * the same either way; only the addresses change.
 */
export interface ProcedureChannel {
  /** Where the procedure's pages live. */
  base(procedure: string): string;
  /** The draft's key on this device: an agent's drafts for different citizens never mix. */
  draftKey(procedure: string): string;
  fetchPrefill(procedure: string): Promise<ApiResult<PrefillView>>;
  fetchServerDraft(procedure: string): Promise<ApiResult<{ draft: DraftView | null }>>;
  saveServerDraft(procedure: string, answers: FormValues): Promise<ApiResult<unknown>>;
  submit(submission: DossierSubmission, idempotencyKey: string): Promise<OutboxSubmission<DossierCreated>>;
  confirmation(procedure: string, reference: string): string;
  /** Set when an agent fills it in: the citizen's page, to go back to. */
  onBehalfOf?: { citizenPage: string };
}

export const citizenChannel: ProcedureChannel = {
  base: (procedure) => `/procedures/${procedure}`,
  draftKey: (procedure) => procedure,
  fetchPrefill,
  fetchServerDraft,
  saveServerDraft,
  submit: submitDossier,
  confirmation: (procedure, reference) => `/procedures/${procedure}/confirmation/${encodeURIComponent(reference)}`,
};

export const ProcedureChannelContext = createContext<ProcedureChannel>(citizenChannel);

export function useProcedureChannel(): ProcedureChannel {
  return useContext(ProcedureChannelContext);
}
