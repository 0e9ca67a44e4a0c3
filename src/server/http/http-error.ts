/**
 * An error that knows its HTTP status and a stable code. The code is what API clients read and the
 * key of the translated sentence a page shows (`errors:<code>`); the message stays in the logs.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message = code,
  ) {
    super(message);
  }
}
