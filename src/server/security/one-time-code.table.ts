import type { Generated, Selectable } from 'kysely';
import type { OneTimeCodePurpose } from '../../shared/one-time-code.ts';

/** Every SMS code the portal sends, whatever it proves. */
export interface OneTimeCodeTable {
  id: Generated<string>;
  purpose: OneTimeCodePurpose;
  /** What the code is for: the person verifying a number, a visit verification's hash, a mandate. */
  subject: string;
  phone: string;
  /** SHA-256 of the row id and the code: the six digits themselves are only ever in the SMS. */
  code_hash: string;
  attempts: Generated<number>;
  sent_at: Date;
  expires_at: Date;
  /** When the right code was typed: a code works once. */
  used_at: Date | null;
}

export type OneTimeCodeRow = Selectable<OneTimeCodeTable>;
