/** Where the page asks how long the session has left (without extending it), and where it asks to stay signed in. */
export const sessionStatusPath = '/api/session';
export const sessionRenewPath = '/api/session/renew';

/**
 * How long the session has left, counted by the server from the moment it answers (so the
 * device's clock does not matter), and how long before the end the page warns.
 */
export type SessionStatus =
  { signedIn: false } | { signedIn: true; audience: 'citizen' | 'agent'; endsInSeconds: number; warnBeforeSeconds: number };
