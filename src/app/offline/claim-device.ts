import { settleDeviceClaim } from './device-owner.ts';

const ownerKey = 'guichet-writer';

/**
 * At start-up, with the signed-in person's opaque name (`PageState.writer`): another name than the
 * last one wipes what the device keeps (signing out wipes it too; this covers a session that ended
 * on its own, then someone else signing in).
 */
export function claimDevice(writer: string | undefined): void {
  if (!writer) return;
  settleDeviceClaim(
    (async () => {
      const previous = localStorage.getItem(ownerKey);
      if (previous !== null && previous !== writer) {
        const { wipePersonalData } = await import('./wipe-personal-data.ts');
        await wipePersonalData();
      }
      localStorage.setItem(ownerKey, writer);
    })(),
  );
}
