import { sql, type Insertable } from 'kysely';
import * as v from 'valibot';
import type { Db } from '../db/database.ts';
import type { ContactPreferences, ContactSource } from '../../shared/account.ts';
import type { ReadingPreferencesChange } from '../../shared/reading-preferences.ts';
import type { ReadingMode } from '../../shared/reading.ts';
import type { PersonIdentityTable } from './person.table.ts';

export async function findIdentity(db: Db, issuer: string, subject: string) {
  return db.selectFrom('person_identity').selectAll().where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
}

export async function insertPerson(db: Db): Promise<string> {
  const row = await db.insertInto('person').defaultValues().returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Stores the claims an identity gave at this sign-in, replacing the previous ones. */
export async function upsertIdentity(db: Db, identity: Insertable<PersonIdentityTable>): Promise<void> {
  const { issuer: _issuer, subject: _subject, person_id: _person, ...claims } = identity;
  await db
    .insertInto('person_identity')
    .values(identity)
    .onConflict((conflict) => conflict.columns(['issuer', 'subject']).doUpdateSet({ ...claims, updated_at: sql`now()` }))
    .execute();
}

export async function addEmail(db: Db, personId: string, email: string, source: ContactSource, verifiedAt: Date | null): Promise<void> {
  await db
    .insertInto('person_email')
    .values({ person_id: personId, email, source, verified_at: verifiedAt })
    .onConflict((conflict) => conflict.columns(['person_id', 'email']).doNothing())
    .execute();
}

export async function addPhone(db: Db, personId: string, phone: string, source: ContactSource, verifiedAt: Date | null): Promise<void> {
  await db
    .insertInto('person_phone')
    .values({ person_id: personId, phone, source, verified_at: verifiedAt })
    .onConflict((conflict) =>
      conflict.columns(['person_id', 'phone']).doUpdateSet((eb) => ({
        // A code typed in beats a claim: once verified by SMS, the number stays verified.
        source: verifiedAt ? eb.val(source) : eb.ref('person_phone.source'),
        verified_at: verifiedAt ? eb.val(verifiedAt) : eb.ref('person_phone.verified_at'),
      })),
    )
    .execute();
}

export async function updatePreferences(db: Db, personId: string, preferences: ContactPreferences): Promise<void> {
  await db
    .updateTable('person')
    .set({ notify_sms: preferences.sms, notify_email: preferences.email, notify_push: preferences.push, language: preferences.language })
    .where('id', '=', personId)
    .execute();
}

/** Stores the reading choices given; the others stay as they were. */
export async function updateReadingPreferences(db: Db, personId: string, change: ReadingPreferencesChange): Promise<void> {
  const values = {
    ...(change.language ? { language: change.language } : {}),
    ...(change.reading ? { reading: change.reading } : {}),
    ...(change.readAloud ? { read_aloud: change.readAloud } : {}),
  };
  if (Object.keys(values).length === 0) return;
  await db.updateTable('person').set(values).where('id', '=', personId).execute();
}

export async function findPerson(db: Db, personId: string) {
  return db.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirst();
}

/** The identity the person signed in with most recently. */
export async function latestIdentity(db: Db, personId: string) {
  return db.selectFrom('person_identity').selectAll().where('person_id', '=', personId).orderBy('updated_at', 'desc').executeTakeFirst();
}

export async function listEmails(db: Db, personId: string) {
  return db.selectFrom('person_email').selectAll().where('person_id', '=', personId).orderBy('email').execute();
}

export async function listPhones(db: Db, personId: string) {
  return db.selectFrom('person_phone').selectAll().where('person_id', '=', personId).orderBy('phone').execute();
}

/** Callback requests asked for with this number before the person signed in become theirs. */
export async function attachCallbackRequests(db: Db, personId: string, phone: string): Promise<number> {
  const result = await db
    .updateTable('callback_request')
    .set({ person_id: personId })
    .where('phone', '=', phone)
    .where('person_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** One of the person's callback requests; someone else's is as absent as one that never existed. */
export async function findOwnCallbackRequest(db: Db, personId: string, id: string) {
  return db
    .selectFrom('callback_request')
    .select(['id', 'reference', 'topic', 'time_window', 'status', 'created_at'])
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function listOwnCallbackRequests(db: Db, personId: string) {
  return db
    .selectFrom('callback_request')
    .select(['id', 'reference', 'topic', 'status', 'created_at'])
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** The number to use for a signed-in person: the one they verified most recently (by SMS code or their identity provider). */
export async function latestVerifiedPhone(db: Db, personId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('person_phone')
    .select('phone')
    .where('person_id', '=', personId)
    .where('verified_at', 'is not', null)
    .orderBy('verified_at', 'desc')
    .executeTakeFirst();
  return row?.phone;
}

/** Whether this number is one the person verified. */
export async function isVerifiedPhoneOf(db: Db, personId: string, phone: string): Promise<boolean> {
  const row = await db
    .selectFrom('person_phone')
    .select('phone')
    .where('person_id', '=', personId)
    .where('phone', '=', phone)
    .where('verified_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

const personId = v.pipe(v.string(), v.uuid());

/**
 * How a person chose to read (easy-to-read text or not), for the messages Guichet writes to them.
 * None for an id that cannot be a person's, rather than a database error.
 */
export async function findReadingChoice(db: Db, id: string): Promise<ReadingMode | null> {
  if (!v.is(personId, id)) return null;
  const row = await db.selectFrom('person').select('reading').where('id', '=', id).executeTakeFirst();
  return row?.reading ?? null;
}
