import * as v from 'valibot';
import { languages, type Language } from './languages.ts';
import { readAloudModes, readingModes, type ReadAloudMode, type ReadingMode } from './reading.ts';

export { readingPreferencesUrl } from './reading.ts';

/**
 * How a citizen reads the portal: language, reading mode, read aloud. Kept in cookies on every
 * device, and on the account of a signed-in citizen so that signing in elsewhere brings them back.
 */
export interface ReadingPreferences {
  language: Language;
  reading: ReadingMode;
  readAloud: ReadAloudMode;
}

/** A change to one or more of them, as the app sends it when the citizen switches. */
export const readingPreferencesSchema = v.strictObject({
  language: v.optional(v.picklist(languages)),
  reading: v.optional(v.picklist(readingModes)),
  readAloud: v.optional(v.picklist(readAloudModes)),
});

export type ReadingPreferencesChange = v.InferOutput<typeof readingPreferencesSchema>;
