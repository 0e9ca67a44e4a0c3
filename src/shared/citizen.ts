import * as v from 'valibot';
import { plainText } from './validation.ts';
import type { MandateView } from './mandate.ts';

/** An agent looks a citizen up by a verified phone number or by name, in one box. */
export const citizenSearchSchema = v.object({
  q: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    plainText(),
    v.nonEmpty('citizens:errors.query_required'),
    v.minLength(2, 'citizens:errors.query_too_short'),
    v.maxLength(100, 'citizens:errors.query_too_long'),
  ),
});

export const citizenParamsSchema = v.object({ citizen: v.pipe(v.string(), v.uuid()) });

export interface CitizenSummary {
  id: string;
  name: string;
  /** As the identity provider gave it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  birthdate: string | null;
  /** Verified by an SMS code: the only numbers an agent may send a consent code to. */
  verifiedPhones: string[];
}

/**
 * One line of a citizen's timeline, whatever it comes from. `what` is a key of the `citizens`
 * namespace (`timeline.<what>`) and `params` its values, so each source adds its lines' wording
 * to the locales and nothing else.
 */
export interface TimelineEntry {
  at: string;
  /** The source that gave it: `dossier`, `callback`, `message`, `mandate`, … */
  source: string;
  what: string;
  params: Record<string, string>;
  /** Where an agent can see more, if anywhere. */
  href?: string;
}

export interface CitizenFile {
  citizen: CitizenSummary;
  mandates: MandateView[];
  /** Newest first. */
  timeline: TimelineEntry[];
}
