/**
 * Every error code the server can answer, in one place: its HTTP status, and whether sending the
 * same request again later can succeed (`retryable`). The browser's outbox reads `retryable` to
 * choose between trying again and asking the citizen; the server reads `status` (see HttpError).
 * Each code's sentence is `errors:<code>` in locales (`title` and `text`).
 */
export const errorCodes = {
  // What any HTTP request can meet.
  bad_request: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  request_timeout: { status: 408, retryable: true },
  payload_too_large: { status: 413, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  validation: { status: 422, retryable: false },
  text_not_allowed: { status: 422, retryable: false },
  rate_limited: { status: 429, retryable: true },
  internal: { status: 500, retryable: true },
  unavailable: { status: 503, retryable: true },
  // The database is restarting or unreachable: not the request's fault, and it will come back.
  database_unavailable: { status: 503, retryable: true },
  // Signing in and the CSRF check: a page that expired reads a fresh cookie on the next attempt.
  csrf: { status: 403, retryable: true },
  sign_in_required: { status: 401, retryable: false },
  sign_in_failed: { status: 401, retryable: false },
  sign_in_cancelled: { status: 400, retryable: false },
  sign_in_expired: { status: 400, retryable: false },
  // Idempotency: another attempt with the same key is still running, so a later one will see its answer.
  idempotency_key_missing: { status: 400, retryable: false },
  idempotency_key_reused: { status: 422, retryable: false },
  request_in_progress: { status: 409, retryable: true },
  // Counter visits.
  slot_taken: { status: 409, retryable: false },
  verification_expired: { status: 410, retryable: false },
  code_wrong: { status: 422, retryable: false },
  too_late_to_change: { status: 409, retryable: false },
  appointment_not_booked: { status: 409, retryable: false },
  no_slot_today: { status: 409, retryable: false },
  service_not_offered: { status: 422, retryable: false },
  // Call backs.
  callback_taken: { status: 409, retryable: false },
  callback_not_claimed: { status: 409, retryable: false },
  // Mandates (acting for a citizen).
  mandate_required: { status: 403, retryable: false },
  mandate_not_pending: { status: 409, retryable: false },
  mandate_not_active: { status: 409, retryable: false },
  no_verified_phone: { status: 422, retryable: false },
  code_too_soon: { status: 429, retryable: true },
  code_expired: { status: 422, retryable: false },
  code_attempts_exhausted: { status: 422, retryable: false },
  in_person_needs_counter: { status: 403, retryable: false },
  counter_not_of_service: { status: 403, retryable: false },
  too_many_codes_citizen: { status: 429, retryable: true },
  too_many_codes_agent: { status: 429, retryable: true },
  // Every SMS a visitor asks for: limited per number and address, and only to allowed countries.
  code_throttled: { status: 429, retryable: true },
  phone_country_not_allowed: { status: 422, retryable: false },
  // Procedures and dossiers.
  transition_not_allowed: { status: 409, retryable: false },
  dossier_changed: { status: 409, retryable: false },
  // The document locker.
  document_quarantined: { status: 403, retryable: false },
  document_too_large: { status: 413, retryable: false },
  document_empty: { status: 422, retryable: false },
  document_type_refused: { status: 415, retryable: false },
  document_type_mismatch: { status: 415, retryable: false },
  document_infected: { status: 422, retryable: false },
  document_not_stored: { status: 503, retryable: true },
  // SMS delivery receipts from the gateway.
  // A receipt may come before its message is recorded: the gateway tries again.
  unknown_message: { status: 404, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCodes, code);
}

/** The translated sentence of a code: `t(\`${errorMessageKey(code)}.title\`)` and `.text`. */
export function errorMessageKey(code: ErrorCode): `errors:${ErrorCode}` {
  return `errors:${code}`;
}

/** The code a bare status stands for, when nothing more precise is known (Fastify's own errors). */
export function errorCodeForStatus(status: number): ErrorCode {
  const generic: Partial<Record<number, ErrorCode>> = {
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    408: 'request_timeout',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    503: 'unavailable',
  };
  return generic[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}

/**
 * Whether a refused request may succeed if sent again unchanged. A code the registry knows decides;
 * an unknown one (a proxy's page, an older or newer server) goes by its status: the server's or
 * the network's problem (0, 5xx) is worth another try, a 4xx needs the citizen.
 */
export function isRetryable(status: number, code: string): boolean {
  if (isErrorCode(code)) return errorCodes[code].retryable;
  return status === 0 || status >= 500;
}

/**
 * A refusal only signing in (again) can get past: the session ended, or there never was one. The
 * app keeps what was sent, says so and offers to sign in; the outbox sends it after sign-in.
 */
export function needsSignIn(status: number, code: string): boolean {
  return status === 401 && (code === 'sign_in_required' || code === 'unauthorized');
}
