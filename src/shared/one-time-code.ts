/**
 * SMS codes, whatever they prove (a phone number, a visit booking, a citizen's consent to an
 * agent): six digits, a lifetime and a number of tries set by what the code is for, and one set
 * of refusals, each a sentence in `common:one_time_code.*`.
 */
export const oneTimeCodeDigits = 6;

export const oneTimeCodePurposes = ['phone_verification', 'visit_booking', 'mandate_consent'] as const;
export type OneTimeCodePurpose = (typeof oneTimeCodePurposes)[number];

/** A citizen reading the SMS has a quarter of an hour and five tries; an agent hearing it read out, ten minutes and three. */
export const oneTimeCodeRules: Record<OneTimeCodePurpose, { validMinutes: number; maxAttempts: number }> = {
  phone_verification: { validMinutes: 15, maxAttempts: 5 },
  visit_booking: { validMinutes: 15, maxAttempts: 5 },
  mandate_consent: { validMinutes: 10, maxAttempts: 3 },
};

/** Why a code was refused, or why no SMS was sent. */
export const oneTimeCodeErrors = [
  'code_expired',
  'code_wrong',
  'code_attempts_exhausted',
  'code_throttled',
  'phone_country_not_allowed',
] as const;
export type OneTimeCodeError = (typeof oneTimeCodeErrors)[number];

/** The translated sentence of a refusal, as a form field's error key. */
export function oneTimeCodeMessage(error: OneTimeCodeError): string {
  return `common:one_time_code.${error}`;
}
