import { service } from './service.ts';

// The lists the call-back form draws, apart from its schema: the public page loads these with the
// form and the schema (with its validation library) only when the citizen sends.

/** What a citizen can ask to be called back about: the service's list; the agent sees the same. */
export const callbackTopics = service.callbackTopics;
export type CallbackTopic = (typeof callbackTopics)[number];

/** Windows follow the service's opening hours (see `callbackWindowHours`). */
export const callbackWindows = ['morning', 'afternoon', 'any'] as const;
export type CallbackWindow = (typeof callbackWindows)[number];

export const callLanguages = Object.keys(service.callLanguages) as (keyof typeof service.callLanguages)[];
export type CallLanguage = (typeof callLanguages)[number];

export function isCallLanguage(value: unknown): value is CallLanguage {
  return typeof value === 'string' && Object.hasOwn(service.callLanguages, value);
}

/** The hours of a window on a weekday, drawn from the service's opening hours: "08:30"–"12:00". */
export function callbackWindowHours(window: CallbackWindow): { from: string; to: string } {
  const weekday = service.openingHours[0];
  if (window === 'morning') return { from: weekday.opens, to: service.middayBreak };
  if (window === 'afternoon') return { from: service.middayBreak, to: weekday.closes };
  return { from: weekday.opens, to: weekday.closes };
}

/** What the form can be filled in with for a signed-in citizen: their verified number, if any. */
export interface CallbackDefaults {
  phone: string | null;
}
