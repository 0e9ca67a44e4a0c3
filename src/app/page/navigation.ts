/**
 * Whether the citizen has moved to another page inside the app since it loaded. On a full page
 * load the browser starts focus at the top (skip link, help bar, switches come first); only a
 * page mounted after a client-side navigation must move focus to its heading itself.
 */
let navigated = false;

export const navigation = {
  /** Called when the router shows another address than the one the page loaded with. */
  markNavigated(): void {
    navigated = true;
  },
  hasNavigated(): boolean {
    return navigated;
  },
};
