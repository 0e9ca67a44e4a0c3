import * as v from 'valibot';
import { normalisePhone } from './phone.ts';
import { choice, optionalText } from './validation.ts';

/** What a citizen can ask to be called back about; the agent sees the same list. */
export const callbackTopics = ['civil_status', 'school', 'parking', 'benefits', 'documents', 'other'] as const;
export type CallbackTopic = (typeof callbackTopics)[number];

/** Windows follow the service's opening hours (see `service.ts`). */
export const callbackWindows = ['morning', 'afternoon', 'any'] as const;
export type CallbackWindow = (typeof callbackWindows)[number];

export const callbackRequestSchema = v.object({
  phone: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.nonEmpty('callback:errors.phone_required'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const phone = normalisePhone(dataset.value);
      if (phone === undefined) {
        addIssue({ message: 'callback:errors.phone_invalid' });
        return NEVER;
      }
      return phone;
    }),
  ),
  topic: choice(callbackTopics, 'callback:errors.topic_required'),
  window: choice(callbackWindows, 'callback:errors.window_required'),
  name: optionalText(100, 'callback:errors.name_too_long'),
});

export type CallbackRequestInput = v.InferInput<typeof callbackRequestSchema>;
export type CallbackRequest = v.InferOutput<typeof callbackRequestSchema>;

/** What the API answers once a request is stored: the reference the citizen can quote. */
export interface CallbackRequestCreated {
  reference: string;
}

/** References such as "RAP-7K4Q-9XZ2": short enough to read out on the phone, no look-alike letters. */
export const callbackReferencePattern = /^RAP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** The path parameter of a request's status: only a well-formed reference reaches the database. */
export const callbackReferenceParams = v.object({
  reference: v.pipe(v.string(), v.regex(callbackReferencePattern, 'callback:errors.reference_invalid')),
});

export const callbackStatuses = ['requested', 'scheduled', 'in_progress', 'done', 'no_answer', 'cancelled'] as const;
export type CallbackStatus = (typeof callbackStatuses)[number];

/**
 * What anyone holding a reference may read: where the request stands, nothing of what it says
 * (no phone, no name), so a reference read over a shoulder reveals nothing personal.
 */
export interface CallbackRequestStatus {
  reference: string;
  status: CallbackStatus;
}
