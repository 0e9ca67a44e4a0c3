import * as v from 'valibot';
import { procedureIds } from './procedures/catalogue.ts';
import { services } from './procedures/definition.ts';
import { choice } from './validation.ts';

/**
 * A mandate lets one agent act for one citizen, on one procedure or one theme (a service's
 * procedures), for a limited time, once the citizen has consented: by reading back a code sent to
 * their verified phone, or in person with an identity document the agent checked.
 */

/** One form value per scope: `procedure:school-canteen` or `theme:education`. */
export const mandateScopes = [...procedureIds.map((id) => `procedure:${id}`), ...services.map((id) => `theme:${id}`)] as const;
export type MandateScopeValue = (typeof mandateScopes)[number];

export const mandateDurations = ['1h', '1d', '7d'] as const;
export type MandateDuration = (typeof mandateDurations)[number];
export const mandateDurationHours: Record<MandateDuration, number> = { '1h': 1, '1d': 24, '7d': 168 };
/** One day unless the agent says otherwise: long enough for a call and its follow-up, no longer. */
export const defaultMandateDuration: MandateDuration = '1d';

export const consentMethods = ['sms_code', 'in_person'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export const identityDocuments = ['identity_card', 'passport', 'residence_permit'] as const;
/** Everything the agent must have checked on the document before a mandate is given in person. */
export const identityChecks = ['photo', 'names', 'birthdate', 'valid'] as const;

export const mandateStatuses = ['pending', 'granted', 'failed', 'revoked', 'expired'] as const;
export type MandateStatus = (typeof mandateStatuses)[number];

export const mandateRequestSchema = v.pipe(
  v.object({
    scope: choice(mandateScopes, 'citizens:errors.scope_required'),
    duration: choice(mandateDurations, 'citizens:errors.duration_required'),
    method: choice(consentMethods, 'citizens:errors.method_required'),
    document: v.optional(v.string(), ''),
    checks: v.optional(v.string(), ''),
  }),
  // In person, both the document and every check are needed; one pass names every missing one.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.value.method !== 'in_person') return;
    const input = dataset.value;
    const on = (key: 'document' | 'checks', message: string) =>
      addIssue({ message, path: [{ type: 'object', origin: 'value', input, key, value: input[key] }] });
    if (!(identityDocuments as readonly string[]).includes(input.document)) on('document', 'citizens:errors.document_required');
    const ticked = input.checks.split(',');
    if (!identityChecks.every((check) => ticked.includes(check))) on('checks', 'citizens:errors.checks_required');
  }),
);
export type MandateRequest = v.InferOutput<typeof mandateRequestSchema>;

export const mandateCodeSchema = v.object({
  code: v.pipe(
    v.optional(v.string(), ''),
    v.transform((code) => code.replace(/\s/g, '')),
    v.nonEmpty('citizens:errors.code_required'),
    v.regex(/^\d{6}$/, 'citizens:errors.code_invalid'),
  ),
});

export const mandateParamsSchema = v.object({
  citizen: v.pipe(v.string(), v.uuid()),
  mandate: v.pipe(v.string(), v.uuid()),
});

/** The citizen's revoke button on their account page names the mandate it ends. */
export const ownMandateParamsSchema = v.object({ mandate: v.pipe(v.string(), v.uuid()) });

export function parseMandateScope(value: MandateScopeValue): { kind: 'procedure' | 'theme'; value: string } {
  const [kind, ...rest] = value.split(':');
  return { kind: kind === 'theme' ? 'theme' : 'procedure', value: rest.join(':') };
}

/**
 * Why a consent was refused, each a sentence in `citizens:errors`: in person only at a counter
 * (never over the phone), at a counter of a place serving the mandate's service; by phone only
 * with a code sent to a number the citizen verified; codes no faster than the throttle allows.
 */
export const consentRefusals = [
  'in_person_needs_counter',
  'counter_not_of_service',
  'no_verified_phone',
  'code_too_soon',
  'too_many_codes_citizen',
  'too_many_codes_agent',
] as const;
export type ConsentRefusal = (typeof consentRefusals)[number];

/** What the agent's page and the citizen's account page both show of a mandate. */
interface MandateSummary {
  id: string;
  scope: { kind: 'procedure' | 'theme'; value: string };
  method: ConsentMethod;
  channel: 'phone' | 'counter';
  status: MandateStatus;
  agentName: string;
  grantedAt: string | null;
  expiresAt: string | null;
}

export interface MandateView extends MandateSummary {
  /** Whether the agent looking at it is the one it was given to (only they can use it). */
  mine: boolean;
  requestedAt: string;
  /** Pending SMS consent: the number the code went to, partly hidden ("06 •• •• •• 78"). */
  codeSentTo: string | null;
}

/** A mandate as the citizen sees it on their account page: who, for what, until when, and whether it still holds. */
export interface OwnMandateView extends MandateSummary {
  /** The agent's organisational unit, as their sign-in gave it ("Mairie de Villeneuve – Accueil"). */
  agentService: string;
}
