/**
 * Registers the service worker once the page has loaded, so it never competes with first paint.
 * workbox-window is loaded then too, outside the first-interaction budget.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const register = async () => {
    const { Workbox } = await import('workbox-window');
    await new Workbox('/sw.js').register();
  };
  if (document.readyState === 'complete') void register();
  else addEventListener('load', () => void register(), { once: true });
}
