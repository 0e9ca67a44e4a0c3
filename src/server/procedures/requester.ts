import type { IdentityClaim } from '../../shared/procedures/definition.ts';
import { latestIdentity } from '../account/person.repository.ts';
import type { Db } from '../db/database.ts';

/** A signed-in citizen: who they are for the database, and what the identity federation said. */
export interface Citizen {
  personId: string;
  claims: Partial<Record<IdentityClaim, string>>;
  /** Shown beside identity answers: "from FranceConnect". */
  identityProvider: string;
}

/** A person as procedures see them, with the claims of the identity they last signed in with. */
export async function citizenOfPerson(db: Db, personId: string): Promise<Citizen> {
  const identity = await latestIdentity(db, personId);
  const claims: Citizen['claims'] = {};
  if (identity) {
    for (const claim of [
      'given_name',
      'family_name',
      'birthdate',
      'gender',
      'birthplace',
      'birthcountry',
      'email',
      'phone_number',
    ] as const) {
      const value = identity[claim];
      if (value) claims[claim] = value;
    }
  }
  return { personId, claims, identityProvider: identity?.provider_name ?? '' };
}
