import type { ColumnType, Generated } from 'kysely';
import type { ContactSource } from '../../shared/account.ts';
import type { Language } from '../../shared/languages.ts';
import type { ReadAloudMode, ReadingMode } from '../../shared/reading.ts';

/** One person behind each citizen, whichever way they signed in. */
export interface PersonTable {
  id: Generated<string>;
  /** The portal's language and the notifications' (one language per person). */
  language: Language | null;
  reading: ReadingMode | null;
  read_aloud: ReadAloudMode | null;
  notify_sms: Generated<boolean>;
  notify_email: Generated<boolean>;
  notify_push: Generated<boolean>;
  created_at: ColumnType<Date, never, never>;
}

/** An identity linked to a person (provider + `sub`), with the claims it last gave. */
export interface PersonIdentityTable {
  id: Generated<string>;
  person_id: string;
  issuer: string;
  subject: string;
  provider_name: string;
  given_name: string | null;
  family_name: string | null;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: FranceConnect gives what the civil registry knows. */
  birthdate: string | null;
  gender: string | null;
  /** INSEE code of the birth municipality; empty when born abroad. */
  birthplace: string | null;
  /** INSEE code of the birth country, 99100 for France. */
  birthcountry: string | null;
  email: string | null;
  phone_number: string | null;
  acr: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PersonPhoneTable {
  id: Generated<string>;
  person_id: string;
  phone: string;
  source: ContactSource;
  verified_at: Date | null;
}

export interface PersonEmailTable {
  id: Generated<string>;
  person_id: string;
  email: string;
  source: ContactSource;
  verified_at: Date | null;
}
