import * as v from 'valibot';
import { dossierActions, dossierStatuses, type ActorKind, type Channel, type DossierAction, type DossierStatus } from './dossier-state.ts';
import type { FormValues } from './procedures/answers.ts';
import { procedureIds } from './procedures/catalogue.ts';
import { dossierReferencePattern } from './dossier-reference.ts';
import { plainText } from './validation.ts';

export { dossierReferencePattern };

const answersRecord = v.pipe(
  v.record(v.pipe(v.string(), plainText(), v.maxLength(80)), v.pipe(v.string(), plainText('multi'), v.maxLength(5000))),
  v.check((record) => Object.keys(record).length <= 100, 'procedures:errors.too_many_answers'),
);

/** What the browser sends to submit a procedure (and to save a draft): answers as typed. */
export const dossierSubmissionSchema = v.object({
  procedure: v.picklist(procedureIds, 'procedures:errors.unknown_procedure'),
  answers: answersRecord,
});
export type DossierSubmission = v.InferOutput<typeof dossierSubmissionSchema>;

export const draftSchema = dossierSubmissionSchema;

export const procedureParamsSchema = v.object({ procedure: v.picklist(procedureIds) });
export const referenceParamsSchema = v.object({ reference: v.pipe(v.string(), v.regex(dossierReferencePattern)) });

/** A case handler's (or a citizen's) action on a dossier, with the message the citizen will read. */
export const dossierActionSchema = v.object({
  action: v.picklist(dossierActions, 'case-handling:errors.action_required'),
  message: v.pipe(v.optional(v.string(), ''), v.trim(), plainText('multi'), v.maxLength(2000, 'case-handling:errors.message_too_long')),
});
export type DossierActionRequest = v.InferOutput<typeof dossierActionSchema>;

/** The citizen's answer to an agent's request for information: the API and the no-JavaScript form alike. */
export const informationSchema = v.object({
  message: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    plainText('multi'),
    v.nonEmpty('procedures:errors.required'),
    v.maxLength(2000, 'procedures:errors.too_long'),
  ),
});

/** Filters of the case handler's list: a status, and "older than N days" to find forgotten ones. */
export const dossierListQuerySchema = v.object({
  status: v.optional(v.picklist(dossierStatuses)),
  older_than_days: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/), v.transform(Number))),
});

export interface DossierCreated {
  reference: string;
  procedure: string;
  status: DossierStatus;
}

export interface DossierSummary {
  reference: string;
  procedure: string;
  status: DossierStatus;
  submittedAt: string;
  updatedAt: string;
}

export interface DossierEventView {
  at: string;
  actor: ActorKind;
  channel: Channel;
  kind: 'status_changed' | 'message';
  action: DossierAction | null;
  status: DossierStatus | null;
  message: string | null;
}

export interface DossierView extends DossierSummary {
  answers: FormValues;
  events: DossierEventView[];
  /** Set when an agent submitted it for the citizen, with their consent. */
  submittedOnBehalf?: { agentName: string; channel: 'phone' | 'counter' };
  /** For agents only: whose dossier it is, to open the citizen's timeline. */
  citizenId?: string;
}

export interface DraftView {
  procedure: string;
  answers: FormValues;
  updatedAt: string;
}

/** Pre-filled answers with where each came from, so the form can say "from FranceConnect". */
export interface PrefillView {
  values: FormValues;
  origins: Record<string, { source: 'identity' | 'connector' | 'earlier_dossier'; frozen: boolean; detail?: string }>;
}
