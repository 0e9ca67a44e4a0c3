import { errorCodeForStatus, errorCodes, isErrorCode, type ErrorCode } from '../../shared/error-codes.ts';

/**
 * An error with a stable code from the registry (src/shared/error-codes.ts), which gives its HTTP
 * status. The code is what API clients read and the key of the translated sentence a page shows
 * (`errors:<code>`); the message stays in the logs.
 */
export class HttpError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string = code,
  ) {
    super(message);
    this.statusCode = errorCodes[code].status;
  }
}

/**
 * PostgreSQL (and PGlite) refusing a text it cannot store: a NUL byte (22021) or a `\u0000` in
 * JSON (22P05). The shared schemas refuse these first; this is the backstop for a field they miss,
 * so such a request is the client's mistake (never retried), not a server failure.
 */
const encodingErrors = new Set(['22021', '22P05']);

/** The status and registry code a thrown error is answered with. */
export function errorAnswer(error: { statusCode?: number; code?: string }): { status: number; code: ErrorCode } {
  if (error instanceof HttpError) return { status: error.statusCode, code: error.code };
  if (error.code && encodingErrors.has(error.code)) return { status: errorCodes.text_not_allowed.status, code: 'text_not_allowed' };
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  // Codes set on purpose by a plugin (the rate limit's `rate_limited`) are kept; Fastify's own
  // (`FST_ERR_CTP_INVALID_MEDIA_TYPE`…) are named by their status.
  const own = error.code?.toLowerCase();
  const code = own !== undefined && isErrorCode(own) && errorCodes[own].status === status ? own : errorCodeForStatus(status);
  return { status, code };
}
