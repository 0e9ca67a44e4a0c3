/**
 * A newer version of the app is installed and waits. Kept apart from workbox-window, which loads
 * after first paint, so the shell can show the prompt without loading it.
 */
type Listener = (waiting: boolean) => void;

let activate: (() => void) | undefined;
const listeners = new Set<Listener>();

export const appUpdate = {
  /** Called by the registration when a new service worker waits; `activateIt` switches to it and reloads. */
  offer(activateIt: () => void): void {
    activate = activateIt;
    listeners.forEach((listener) => listener(true));
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    listener(activate !== undefined);
    return () => listeners.delete(listener);
  },
  apply(): void {
    activate?.();
  },
};
