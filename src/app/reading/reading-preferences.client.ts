import type { ReadingPreferencesChange } from '../../shared/reading-preferences.ts';
import { readingPreferencesUrl } from '../../shared/reading.ts';
import { putJson } from '../http/api-client.ts';

/**
 * Tells the server of a reading choice the app already applied (and wrote to its cookie): a
 * signed-in citizen's account keeps it for their other devices. Best effort: offline, the cookie
 * still holds the choice on this device.
 */
export async function saveReadingPreferences(change: ReadingPreferencesChange): Promise<void> {
  await putJson(readingPreferencesUrl, change);
}
