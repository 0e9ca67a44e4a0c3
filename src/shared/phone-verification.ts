import * as v from 'valibot';
import { normalisePhone } from './phone.ts';

/** A new code after 60 s at the soonest (its digits, lifetime and tries: `one-time-code.ts`). */
export const phoneCodeRules = { resendAfterSeconds: 60 } as const;

export const phoneVerificationRequestSchema = v.object({
  phone: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.nonEmpty('account:errors.phone_required'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const phone = normalisePhone(dataset.value);
      if (phone === undefined) {
        addIssue({ message: 'account:errors.phone_invalid' });
        return NEVER;
      }
      return phone;
    }),
  ),
});

export const phoneVerificationCodeSchema = v.object({
  code: v.pipe(
    v.optional(v.string(), ''),
    v.transform((code) => code.replace(/\s/g, '')),
    v.nonEmpty('account:errors.code_required'),
    v.regex(/^\d{6}$/, 'account:errors.code_invalid'),
  ),
});

/** The one-off messages the account page can show after a redirect (`/account?notice=…`). */
export const accountNotices = [
  'code_sent',
  'phone_verified',
  'resend_too_soon',
  'preferences_saved',
  'mandate_revoked',
  'mandate_not_active',
] as const;
export type AccountNotice = (typeof accountNotices)[number];
