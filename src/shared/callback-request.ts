import * as v from 'valibot';
import { dossierReferencePattern } from './dossier-reference.ts';
import { normalisePhone } from './phone.ts';
import { callbackTopics, callbackWindows, isCallLanguage, type CallbackTopic, type CallbackWindow } from './callback-options.ts';
import { choice, optionalText } from './validation.ts';

export {
  callbackTopics,
  callbackWindowHours,
  callbackWindows,
  callLanguages,
  isCallLanguage,
  type CallbackDefaults,
  type CallbackTopic,
  type CallbackWindow,
  type CallLanguage,
} from './callback-options.ts';

/** The citizen's own words about the topic: needed when the topic is "other", optional otherwise. */
const topicDetailMaxLength = 500;

export const callbackRequestSchema = v.pipe(
  v.object({
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
    topicDetail: optionalText(topicDetailMaxLength, 'callback:errors.topic_detail_too_long', 'multi'),
    window: choice(callbackWindows, 'callback:errors.window_required'),
    /** Absent: the language the citizen reads the site in. */
    callLanguage: v.pipe(
      v.optional(v.string(), ''),
      v.check((value) => value === '' || isCallLanguage(value), 'callback:errors.call_language_invalid'),
      v.transform((value) => (isCallLanguage(value) ? value : undefined)),
    ),
    dossier: v.pipe(
      v.optional(v.string(), ''),
      v.trim(),
      v.transform((value) => value.toUpperCase()),
      v.check((value) => value === '' || dossierReferencePattern.test(value), 'callback:errors.dossier_invalid'),
      v.transform((value) => (value === '' ? undefined : value)),
    ),
    name: optionalText(100, 'callback:errors.name_too_long'),
  }),
  v.forward(
    v.check((request) => request.topic !== 'other' || request.topicDetail !== undefined, 'callback:errors.topic_detail_required'),
    ['topicDetail'],
  ),
);

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

/** A request on the signed-in citizen's own list ("My requests"). */
export interface OwnCallbackRequest {
  reference: string;
  topic: CallbackTopic;
  window: CallbackWindow;
  status: CallbackStatus;
  createdAt: string;
}

/** The cancel page's state: which request, and whether it can still be cancelled. */
export interface CallbackCancelView {
  reference: string;
  status: CallbackStatus;
  window: CallbackWindow;
  /** Set on the page shown after the citizen confirmed. */
  cancelled?: boolean;
}
