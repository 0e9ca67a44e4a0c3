/**
 * Whether the app has finished its first render. On the first page the browser already put
 * focus at the top; any page mounted after that comes from a client-side navigation, and then
 * focus must be moved to its heading by us.
 */
let started = false;

export const navigation = {
  markStarted(): void {
    started = true;
  },
  hasNavigated(): boolean {
    return started;
  },
};
