import * as v from 'valibot';
import type { CallbackStatus } from './callback-request.ts';
import type { ActorKind } from './dossier-state.ts';
import { choice, optionalText } from './validation.ts';

/**
 * The life of a call-back request; the table below is the only place that says which action is
 * allowed from which status and by whom.
 *
 *   requested → scheduled → in_progress → done | no_answer | (scheduled again, a new attempt)
 *   requested | scheduled → cancelled
 */
export const callbackActions = ['schedule', 'claim', 'complete', 'retry', 'give_up', 'cancel'] as const;
export type CallbackAction = (typeof callbackActions)[number];

interface Transition {
  from: readonly CallbackStatus[];
  to: CallbackStatus;
  by: readonly ActorKind[];
}

const transitions: Record<CallbackAction, Transition> = {
  schedule: { from: ['requested'], to: 'scheduled', by: ['agent', 'system'] },
  claim: { from: ['requested', 'scheduled'], to: 'in_progress', by: ['agent'] },
  complete: { from: ['in_progress'], to: 'done', by: ['agent'] },
  retry: { from: ['in_progress'], to: 'scheduled', by: ['agent', 'system'] },
  give_up: { from: ['in_progress'], to: 'no_answer', by: ['agent', 'system'] },
  cancel: { from: ['requested', 'scheduled'], to: 'cancelled', by: ['citizen', 'agent'] },
};

export type CallbackTransition = { ok: true; to: CallbackStatus } | { ok: false; reason: 'not_from_this_status' | 'not_allowed_for_actor' };

/** Where an action leads from a status, or why it may not happen. Pure: the API and tests share it. */
export function applyCallbackAction(from: CallbackStatus, action: CallbackAction, actor: ActorKind): CallbackTransition {
  const transition = transitions[action];
  if (!transition.from.includes(from)) return { ok: false, reason: 'not_from_this_status' };
  if (!transition.by.includes(actor)) return { ok: false, reason: 'not_allowed_for_actor' };
  return { ok: true, to: transition.to };
}

/** The statuses an action may start from: the `where` of the conditional UPDATE that applies it. */
export function statusesAllowing(action: CallbackAction): readonly CallbackStatus[] {
  return transitions[action].from;
}

/**
 * After a call nobody answered: another attempt while some are left, else the request ends
 * (and the citizen is told by SMS). `attempts` counts the calls made, this one included.
 */
export function afterNoAnswer(attempts: number, maxAttempts: number): 'retry' | 'give_up' {
  return attempts < maxAttempts ? 'retry' : 'give_up';
}

/** What the phone agent records once the call is over. */
export const callbackOutcomes = ['done', 'no_answer', 'reschedule'] as const;
export type CallbackOutcome = (typeof callbackOutcomes)[number];

/** When the next attempt of a rescheduled call is due, in hours from now. */
export const rescheduleDelays = ['1', '3', '24'] as const;

export const callbackOutcomeSchema = v.pipe(
  v.object({
    outcome: choice(callbackOutcomes, 'callback-queue:errors.outcome_required'),
    delay: v.optional(v.string(), ''),
    note: optionalText(1000, 'callback-queue:errors.note_too_long', 'multi'),
  }),
  v.forward(
    v.check(
      (input) => input.outcome !== 'reschedule' || (rescheduleDelays as readonly string[]).includes(input.delay),
      'callback-queue:errors.delay_required',
    ),
    ['delay'],
  ),
);
export type CallbackOutcomeRequest = v.InferOutput<typeof callbackOutcomeSchema>;

/** A request in the phone agents' queue: enough to choose; the phone number only once claimed. */
export interface CallbackQueueItem {
  reference: string;
  topic: string;
  window: string;
  callLanguage: string;
  status: CallbackStatus;
  attempts: number;
  createdAt: string;
  /** When a new attempt is due (a rescheduled call). */
  dueAt: string | null;
  /** True when the signed-in agent holds it. */
  mine: boolean;
}

/** A claimed request, as its agent sees it during the call. */
export interface CallbackCallView {
  reference: string;
  status: CallbackStatus;
  phone: string;
  name: string | null;
  topic: string;
  topicDetail: string | null;
  window: string;
  callLanguage: string;
  dossier: string | null;
  attempts: number;
  maxAttempts: number;
  createdAt: string;
  events: { at: string; status: CallbackStatus; note: string | null }[];
  mine: boolean;
}
