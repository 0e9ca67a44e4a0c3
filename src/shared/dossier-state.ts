/**
 * The life of a dossier. Every change is an action by someone; the table below is the only place
 * that says which action is allowed from which status and by whom, for the API and the pages alike.
 *
 *   draft → submitted → in_review ⇄ needs_information → accepted | rejected | closed
 */
export const dossierStatuses = ['draft', 'submitted', 'in_review', 'needs_information', 'accepted', 'rejected', 'closed'] as const;
export type DossierStatus = (typeof dossierStatuses)[number];

export const dossierActions = [
  'submit',
  'start_review',
  'request_information',
  'provide_information',
  'accept',
  'reject',
  'close',
] as const;
export type DossierAction = (typeof dossierActions)[number];

export const actorKinds = ['citizen', 'agent', 'system'] as const;
export type ActorKind = (typeof actorKinds)[number];

export const channels = ['web', 'phone', 'counter', 'sms'] as const;
export type Channel = (typeof channels)[number];

interface Transition {
  from: readonly DossierStatus[];
  to: DossierStatus;
  by: readonly ActorKind[];
}

const transitions: Record<DossierAction, Transition> = {
  submit: { from: ['draft'], to: 'submitted', by: ['citizen', 'agent'] },
  start_review: { from: ['submitted'], to: 'in_review', by: ['agent'] },
  request_information: { from: ['in_review'], to: 'needs_information', by: ['agent'] },
  provide_information: { from: ['needs_information'], to: 'in_review', by: ['citizen', 'agent'] },
  accept: { from: ['in_review'], to: 'accepted', by: ['agent'] },
  reject: { from: ['in_review'], to: 'rejected', by: ['agent'] },
  close: { from: ['submitted', 'in_review', 'needs_information'], to: 'closed', by: ['agent', 'system'] },
};

export const finalStatuses: readonly DossierStatus[] = ['accepted', 'rejected', 'closed'];

export type TransitionResult = { ok: true; to: DossierStatus } | { ok: false; reason: 'not_from_this_status' | 'not_allowed_for_actor' };

/** Where an action leads from a status, or why it may not happen. Pure: the API and tests share it. */
export function applyAction(from: DossierStatus, action: DossierAction, actor: ActorKind): TransitionResult {
  const transition = transitions[action];
  if (!transition.from.includes(from)) return { ok: false, reason: 'not_from_this_status' };
  if (!transition.by.includes(actor)) return { ok: false, reason: 'not_allowed_for_actor' };
  return { ok: true, to: transition.to };
}

/** The actions someone may take on a dossier now (the buttons a case handler sees). */
export function availableActions(from: DossierStatus, actor: ActorKind): DossierAction[] {
  return dossierActions.filter((action) => applyAction(from, action, actor).ok);
}

export function isDossierStatus(value: unknown): value is DossierStatus {
  return typeof value === 'string' && (dossierStatuses as readonly string[]).includes(value);
}

export function isDossierAction(value: unknown): value is DossierAction {
  return typeof value === 'string' && (dossierActions as readonly string[]).includes(value);
}
