import type { DossierCreated, DraftView, PrefillView } from '../../shared/dossier.ts';
import { getJson, postJson, putJson } from '../http/api-client.ts';
import type { ProcedureChannel } from '../procedures/procedure-channel.ts';

/**
 * The procedure pages, pointed at a citizen an agent acts for. Sent straight to the server, not
 * through the offline outbox: a mandate is for the call or the visit, and a submission waiting on
 * the agent's device until after it would act without the citizen there.
 */
export function onBehalfChannel(citizen: string): ProcedureChannel {
  const page = `/agent/citizens/${encodeURIComponent(citizen)}`;
  const api = `/api${page}`;
  return {
    base: (procedure) => `${page}/procedures/${procedure}`,
    draftKey: (procedure) => `agent:${citizen}:${procedure}`,
    fetchPrefill: (procedure) => getJson<PrefillView>(`${api}/procedures/${encodeURIComponent(procedure)}/prefill`),
    fetchServerDraft: (procedure) => getJson<{ draft: DraftView | null }>(`${api}/procedures/${encodeURIComponent(procedure)}/draft`),
    saveServerDraft: (procedure, answers) =>
      putJson<unknown>(`${api}/procedures/${encodeURIComponent(procedure)}/draft`, { procedure, answers }),
    submit: (submission, idempotencyKey) => postJson<DossierCreated>(`${api}/dossiers`, submission, { idempotencyKey }),
    confirmation: (procedure, reference) => `${page}/procedures/${procedure}/confirmation/${encodeURIComponent(reference)}`,
    onBehalfOf: { citizenPage: page },
  };
}
