import * as v from 'valibot';
import { franceCountryCode, type AccountView } from '../../shared/account.ts';
import { isLanguage, type Language } from '../../shared/languages.ts';
import { normalisePhone } from '../../shared/phone.ts';
import type { Db } from '../db/database.ts';
import { ownMandates } from '../mandates/mandate.service.ts';
import { communeName, countryName, isBornInFrance } from '../places/place-names.ts';
import {
  addEmail,
  addPhone,
  findIdentity,
  findPerson,
  insertPerson,
  latestIdentity,
  listEmails,
  listPhones,
  upsertIdentity,
} from './person.repository.ts';

const text = (max: number) => v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(max))));

/** FranceConnect's claims as they may come: anything missing or malformed is dropped, not trusted. */
const identityClaims = v.object({
  given_name: text(200),
  family_name: text(200),
  birthdate: v.optional(v.nullable(v.string())),
  gender: text(20),
  birthplace: text(10),
  birthcountry: text(10),
  email: text(320),
  phone_number: text(30),
  acr: text(50),
});

export interface CitizenIdentity {
  issuer: string;
  subject: string;
  providerName: string;
  claims: Record<string, unknown>;
}

/**
 * Finds (or creates) the person behind an identity and stores what the provider said about them.
 * The e-mail a provider gives is taken as verified by it; a phone number is verified only by a code.
 */
export async function signInCitizen(db: Db, identity: CitizenIdentity): Promise<{ personId: string; name: string }> {
  const parsed = v.safeParse(identityClaims, identity.claims);
  const claims = parsed.success ? parsed.output : {};
  const birthdate = typeof claims.birthdate === 'string' && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(claims.birthdate) ? claims.birthdate : null;
  const bornInFrance = claims.birthcountry === franceCountryCode;
  return db.transaction().execute(async (trx) => {
    const existing = await findIdentity(trx, identity.issuer, identity.subject);
    const personId = existing?.person_id ?? (await insertPerson(trx));
    await upsertIdentity(trx, {
      person_id: personId,
      issuer: identity.issuer,
      subject: identity.subject,
      provider_name: identity.providerName,
      given_name: claims.given_name || null,
      family_name: claims.family_name || null,
      birthdate,
      gender: claims.gender || null,
      birthplace: bornInFrance ? claims.birthplace || null : null,
      birthcountry: claims.birthcountry || null,
      email: claims.email || null,
      phone_number: claims.phone_number || null,
      acr: claims.acr || null,
    });
    if (claims.email) await addEmail(trx, personId, claims.email.toLowerCase(), 'identity_provider', new Date());
    const phone = claims.phone_number ? normalisePhone(claims.phone_number) : undefined;
    if (phone) await addPhone(trx, personId, phone, 'identity_provider', null);
    const name = [claims.given_name, claims.family_name].filter(Boolean).join(' ');
    return { personId, name };
  });
}

/** Everything the account page shows, for the signed-in person only. */
export async function accountView(
  db: Db,
  personId: string,
  pendingPhone: string | null,
  now: Date,
  language: Language,
): Promise<AccountView | undefined> {
  const [person, identity, emails, phones, mandates] = await Promise.all([
    findPerson(db, personId),
    latestIdentity(db, personId),
    listEmails(db, personId),
    listPhones(db, personId),
    ownMandates(db, personId, now),
  ]);
  if (!person) return undefined;
  return {
    providerName: identity?.provider_name ?? '',
    identity: {
      givenName: identity?.given_name ?? null,
      familyName: identity?.family_name ?? null,
      birthdate: identity?.birthdate ?? null,
      gender: identity?.gender ?? null,
      birthplace: identity?.birthplace ? ((await communeName(identity.birthplace)) ?? null) : null,
      birthcountry: identity?.birthcountry ? (countryName(identity.birthcountry, language) ?? null) : null,
      bornAbroad: identity?.birthcountry ? !isBornInFrance(identity.birthcountry) : null,
    },
    emails: emails.map((row) => ({ email: row.email, source: row.source, verified: row.verified_at !== null })),
    phones: phones.map((row) => ({ phone: row.phone, source: row.source, verified: row.verified_at !== null })),
    pendingPhone,
    preferences: {
      sms: person.notify_sms,
      email: person.notify_email,
      push: person.notify_push,
      language: isLanguage(person.language) ? person.language : null,
    },
    mandates,
  };
}
