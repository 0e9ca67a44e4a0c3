import { randomInt } from 'node:crypto';
import { dammCheckDigit } from '../../shared/dossier-reference.ts';

/** Crockford's base 32: no I, L, O or U, so a reference read out on the phone or at the counter is not misheard. */
const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const randomCharacters = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

/*
 * Every reference a citizen quotes is random, never counted: it tells no one how many came
 * before, and one reference says nothing of another. Unique only by chance, so each table's
 * unique index turns a clash into a retry (the callers try again with a new one).
 */

/** "RAP-7K4Q-9XZ2" (a call back), "RDV-…" (a counter visit): 32^8 possibilities. */
export function newQuotedReference(prefix: 'RAP' | 'RDV'): string {
  return `${prefix}-${randomCharacters(crockford, 4)}-${randomCharacters(crockford, 4)}`;
}

/** "GU-2026-4817305926": the year, nine random digits and their check digit (see dossier-reference.ts). */
export function newDossierReference(now: Date): string {
  const digits = randomCharacters('0123456789', 9);
  return `GU-${now.getFullYear()}-${digits}${dammCheckDigit(digits)}`;
}
