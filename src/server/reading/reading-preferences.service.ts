import { isLanguage } from '../../shared/languages.ts';
import type { ReadingPreferencesChange } from '../../shared/reading-preferences.ts';
import { isReadAloudMode, isReadingMode } from '../../shared/reading.ts';
import type { Db } from '../db/database.ts';
import { findPerson, updateReadingPreferences } from '../account/person.repository.ts';

/** The choices a device's cookies hold (a cookie with a value we do not know counts as none). */
export function deviceChoices(
  cookies: Partial<Record<'language' | 'reading' | 'readAloud', string | undefined>>,
): ReadingPreferencesChange {
  return {
    ...(isLanguage(cookies.language) ? { language: cookies.language } : {}),
    ...(isReadingMode(cookies.reading) ? { reading: cookies.reading } : {}),
    ...(isReadAloudMode(cookies.readAloud) ? { readAloud: cookies.readAloud } : {}),
  };
}

/** A signed-in citizen's new choice goes on their account too; a visitor's stays on the device. */
export async function rememberOnAccount(db: Db, personId: string | null | undefined, change: ReadingPreferencesChange): Promise<void> {
  if (personId) await updateReadingPreferences(db, personId, change);
}

/**
 * At sign-in, the account's choices win where it has them: they are what this device must now
 * show. Where the account has none yet, the choice made on this device before signing in is kept
 * on the account. Returns the choices to write to the device's cookies.
 */
export async function reconcileAtSignIn(db: Db, personId: string, device: ReadingPreferencesChange): Promise<ReadingPreferencesChange> {
  const person = await findPerson(db, personId);
  if (!person) return {};
  const stored = deviceChoices({
    language: person.language ?? undefined,
    reading: person.reading ?? undefined,
    readAloud: person.read_aloud ?? undefined,
  });
  const fromDevice: ReadingPreferencesChange = {
    ...(stored.language ? {} : device.language ? { language: device.language } : {}),
    ...(stored.reading ? {} : device.reading ? { reading: device.reading } : {}),
    ...(stored.readAloud ? {} : device.readAloud ? { readAloud: device.readAloud } : {}),
  };
  await updateReadingPreferences(db, personId, fromDevice);
  return stored;
}
