import { whenPageLoaded } from '../page/after-load.tsx';
import { appUpdate } from './app-update.ts';

/**
 * Registers the service worker once the page has loaded, so it never competes with first paint.
 * workbox-window is loaded then too, outside the first-interaction budget.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const register = async () => {
    const { Workbox } = await import('workbox-window');
    const workbox = new Workbox('/sw.js');
    // A new version waits until the citizen agrees (see update-prompt): a reload must never take their typing.
    workbox.addEventListener('waiting', () => {
      appUpdate.offer(() => {
        workbox.addEventListener('controlling', () => location.reload());
        workbox.messageSkipWaiting();
      });
    });
    // Refused (a private window, a browser policy): the portal works online as before, without offline copies.
    await workbox.register().catch(() => undefined);
  };
  whenPageLoaded(() => void register());
}
