import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { wipePersonalData } from '../offline/wipe-personal-data.ts';
import { drafts, newDraft } from './drafts.ts';

describe('procedure drafts in IndexedDB', () => {
  it('keep the answers as typed, with the submission key, until deleted', async () => {
    const draft = { ...newDraft('school-canteen'), values: { child_given_name: 'Lou', 'child_birthdate.year': '2018' } };
    await drafts.put(draft);
    await drafts.put({ ...draft, values: { ...draft.values, child_given_name: 'Louise' } });
    const stored = await drafts.get('school-canteen');
    expect(stored?.values).toEqual({ child_given_name: 'Louise', 'child_birthdate.year': '2018' });
    expect(stored?.submissionKey).toBe(draft.submissionKey);
    await drafts.delete('school-canteen');
    expect(await drafts.get('school-canteen')).toBeUndefined();
  });

  it('are wiped with the rest of the personal data (sign-out on a shared phone)', async () => {
    await drafts.put({ ...newDraft('resident-parking-permit'), values: { registration: 'AB-123-CD' } });
    await wipePersonalData();
    expect(await drafts.get('resident-parking-permit')).toBeUndefined();
  });
});
