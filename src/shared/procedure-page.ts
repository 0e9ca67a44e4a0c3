import type { DocumentView } from './documents.ts';
import type { PrefillView } from './dossier.ts';
import type { ServiceId } from './procedures/definition.ts';
import type { FormValues } from './procedures/answers.ts';
import type { CallbackTopic } from './callback-options.ts';
import type { VisitServiceId } from './visit.ts';

/**
 * What the server renders a procedure's page with (start, step, check), so it works without
 * JavaScript: the answers it keeps for the citizen, where pre-filled ones come from, and the
 * locker documents a document question on the step can take.
 */
export interface ProcedurePageState {
  procedure: string;
  /** The server's draft over the pre-filled answers (frozen identity answers win). */
  values: FormValues;
  origins: PrefillView['origins'];
  /** When the server's draft was last saved; absent when there is none. */
  draftSavedAt?: string;
  /** The citizen's locker documents the step's document questions can take. */
  documents?: DocumentView[];
}

/**
 * The other ways to the same service, offered on a procedure's start page to someone who cannot or
 * will not sign in: a call back about it (its topic pre-selected) and a counter visit (its service
 * pre-selected, when the counters offer it).
 */
export const helpPaths: Record<ServiceId, { callbackTopic: CallbackTopic; visitService?: VisitServiceId }> = {
  civil_status: { callbackTopic: 'civil_status', visitService: 'civil_status' },
  education: { callbackTopic: 'school' },
  mobility: { callbackTopic: 'parking' },
};

/** Where the citizen signs in and comes back to `returnTo` (a path of this site). */
export function signInHref(returnTo: string): string {
  return `/auth/login?return=${encodeURIComponent(returnTo)}`;
}
