import type { Generated } from 'kysely';

export interface PhoneVerificationTable {
  id: Generated<string>;
  person_id: string;
  phone: string;
  /** HMAC of the code: the six digits themselves are only ever in the SMS. */
  code_hash: string;
  attempts: Generated<number>;
  sent_at: Date;
  expires_at: Date;
  verified_at: Date | null;
}
