/** Names every request and response of the API agree on, browser and server alike. */
export const idempotencyHeader = 'Idempotency-Key';
export const csrfHeader = 'X-CSRF-Token';
export const csrfFormField = '_csrf';
export const idempotencyFormField = '_idempotency_key';

/** The body of every API error: a stable code for programs, field errors as i18n keys for people. */
export interface ApiError {
  error: string;
  fields?: Record<string, string>;
}

/** Idempotency keys are client-made UUIDs (or anything as unguessable), bounded to keep rows small. */
export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(value);
}

/**
 * Set by the server on a GET response the service worker may keep for offline use (the citizen's
 * own data, `Cache-Control: private`); nothing without it is ever stored.
 */
export const offlineHeader = 'Guichet-Offline';
export const offlineKeep = 'keep';
/** Added by the service worker to a response it answers from its cache: when the server sent it (ISO time). */
export const storedAtHeader = 'Guichet-Stored-At';
