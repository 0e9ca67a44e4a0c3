import * as v from 'valibot';
import { languages, type Language } from './languages.ts';
import { choice } from './validation.ts';
import type { OwnMandateView } from './mandate.ts';
import type { AgentRole } from './viewer.ts';

/** Where a contact point came from: the identity provider's claim, or a code the person typed. */
export type ContactSource = 'identity_provider' | 'sms_code';

/** What the account page shows: the identity as the provider gave it, and how to reach the person. */
export interface AccountView {
  providerName: string;
  identity: {
    givenName: string | null;
    familyName: string | null;
    /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the civil registry knows it. */
    birthdate: string | null;
    gender: string | null;
    /** The commune's and the country's names in the page's language, never INSEE codes. */
    birthplace: string | null;
    birthcountry: string | null;
    /** Born outside France, as the provider says; null when it does not say. */
    bornAbroad: boolean | null;
  };
  emails: { email: string; source: ContactSource; verified: boolean }[];
  phones: { phone: string; source: ContactSource; verified: boolean }[];
  /** A code was sent to this number and can be typed in. */
  pendingPhone: string | null;
  preferences: { sms: boolean; email: boolean; push: boolean; language: Language | null };
  /** Agents the person let act for them, newest first: each granted one can be revoked at once. */
  mandates: OwnMandateView[];
}

export interface AgentHomeView {
  name: string;
  email: string | null;
  role: AgentRole;
  service: string;
}

/** France's code in the INSEE country list (COG): a birthplace is given only for people born in France. */
export const franceCountryCode = '99100';

const ticked = v.pipe(
  v.optional(v.string(), ''),
  v.transform((value) => value === 'on'),
);

/** How the person wants to be told of news (checkboxes: ticked ones are sent as "on"), and in which language. */
export const contactPreferencesSchema = v.object({
  sms: ticked,
  email: ticked,
  push: ticked,
  language: choice(languages, 'account:errors.language_required'),
});

export type ContactPreferences = v.InferOutput<typeof contactPreferencesSchema>;
