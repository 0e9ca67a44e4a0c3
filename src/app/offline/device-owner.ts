/**
 * Phones are shared. What this browser keeps for a signed-in person (writes waiting to be sent,
 * drafts, copies of their data) is theirs: when someone else signs in on it, that is wiped before
 * anything is read or sent (`claim-device.ts`), so the newcomer never sees nor sends the previous
 * person's writes. The outbox and the drafts open only once that is settled. This module imports
 * nothing: the service worker shares it, and there nothing is ever claimed.
 */
let claimed: Promise<void> = Promise.resolve();

export function whenDeviceClaimed(): Promise<void> {
  return claimed;
}

export function settleDeviceClaim(claim: Promise<void>): void {
  claimed = claim.catch(() => undefined);
}
