import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { drafts, newDraft } from '../procedures/drafts.ts';
import { claimDevice } from './claim-device.ts';
import { whenDeviceClaimed } from './device-owner.ts';
import { addToOutbox, listOutbox } from './outbox.ts';
import { wipePersonalData } from './wipe-personal-data.ts';

const callback = (key: string) => ({
  key,
  kind: 'callback-request' as const,
  url: '/api/callback-requests',
  body: { phone: '0612345678', topic: 'school', window: 'any' },
  formValues: { phone: '06 12 34 56 78', topic: 'school', window: 'any' },
});

/** What a person leaves on the phone: a write waiting to be sent and a draft. */
async function leaveSomething(key: string) {
  await addToOutbox(callback(key));
  await drafts.put({ ...newDraft('school-canteen'), values: { child_given_name: key } });
}

describe('a phone shared by two people', () => {
  beforeEach(async () => {
    localStorage.clear();
    await wipePersonalData();
  });

  it('keeps what a person left when the same person signs in again (their session had ended)', async () => {
    claimDevice('lea');
    await whenDeviceClaimed();
    await leaveSomething('lea-0000000001');
    claimDevice('lea');
    expect((await listOutbox()).map((entry) => entry.key)).toEqual(['lea-0000000001']);
    expect((await drafts.get('school-canteen'))?.values).toEqual({ child_given_name: 'lea-0000000001' });
  });

  it('wipes it before another person’s session reads or sends anything', async () => {
    claimDevice('lea');
    await whenDeviceClaimed();
    await leaveSomething('lea-0000000002');
    // Not awaited: the outbox and the drafts wait for the claim on their own.
    claimDevice('sam');
    expect(await listOutbox()).toEqual([]);
    expect(await drafts.get('school-canteen')).toBeUndefined();
    await leaveSomething('sam-0000000001');
    expect((await listOutbox()).map((entry) => entry.key)).toEqual(['sam-0000000001']);
  });

  it('keeps what a signed-out visitor left when the device has never known anyone', async () => {
    await addToOutbox(callback('anon-000000001'));
    claimDevice('lea');
    expect((await listOutbox()).map((entry) => entry.key)).toEqual(['anon-000000001']);
  });
});
