import { needsSignIn } from '../../shared/error-codes.ts';
import { csrfHeader, idempotencyHeader, type ApiError } from '../../shared/http.ts';
import { reportSignedOut } from '../session/signed-out.ts';
import { readCsrfCookie } from './csrf-cookie.ts';

export type ApiResult<Body> =
  | { ok: true; status: number; body: Body; headers: Headers }
  | { ok: false; status: number; error: ApiError }
  | { ok: false; status: 0; error: { error: 'network' } };

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The one way the app talks to the server, from a page or from the service worker (which replays
 * the outbox through it). Writes carry the CSRF token and an idempotency key, so a retry (by the
 * citizen or by the outbox) can never create a second record. A 401 from any of them tells the
 * page it is signed out (see session/signed-out.ts): the page then says so once, for every request.
 */
export async function sendJson<Body>(
  url: string,
  payload: unknown,
  options: { idempotencyKey: string; method?: WriteMethod },
): Promise<ApiResult<Body>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        [csrfHeader]: await csrfToken(),
        [idempotencyHeader]: options.idempotencyKey,
      },
      body: JSON.stringify(payload),
    });
  } catch {
    return { ok: false, status: 0, error: { error: 'network' } };
  }
  return readResponse<Body>(response);
}

export function postJson<Body>(url: string, payload: unknown, options: { idempotencyKey: string }): Promise<ApiResult<Body>> {
  return sendJson<Body>(url, payload, options);
}

/** A read. The service worker may answer it from its cache: the `headers` say when (see use-api-data.ts). */
export async function getJson<Body>(url: string): Promise<ApiResult<Body>> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, error: { error: 'network' } };
  }
  return readResponse<Body>(response);
}

/** Saving a draft over the previous one: idempotent by nature, so it needs no key. */
export async function putJson<Body>(url: string, payload: unknown): Promise<ApiResult<Body>> {
  return sendRaw<Body>('PUT', url, JSON.stringify(payload), { 'content-type': 'application/json' });
}

/**
 * A request whose body and headers the caller builds (the resumable upload's chunks): writes carry
 * the CSRF token like every other; a HEAD, a read, does not. The answer's headers come back either way.
 */
export async function sendRaw<Body>(
  method: WriteMethod | 'HEAD',
  url: string,
  body: BodyInit | undefined,
  headers: Record<string, string>,
): Promise<ApiResult<Body>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { ...headers, accept: 'application/json', ...(method === 'HEAD' ? {} : { [csrfHeader]: await csrfToken() }) },
      ...(body === undefined ? {} : { body }),
    });
  } catch {
    return { ok: false, status: 0, error: { error: 'network' } };
  }
  return readResponse<Body>(response);
}

async function readResponse<Body>(response: Response): Promise<ApiResult<Body>> {
  const body: unknown = await response.json().catch(() => ({}));
  if (response.ok) return { ok: true, status: response.status, body: body as Body, headers: response.headers };
  const error = isApiError(body) ? body : { error: 'unexpected' };
  if (needsSignIn(response.status, error.error)) reportSignedOut();
  return { ok: false, status: response.status, error };
}

/** The double-submit cookie, or a fresh one from the server when it is missing (cleared, expired, or unreadable). */
async function csrfToken(): Promise<string> {
  const fromCookie = readCsrfCookie();
  if (fromCookie) return fromCookie;
  const response = await fetch('/api/csrf', { credentials: 'same-origin' });
  const body = (await response.json()) as { token: string };
  return body.token;
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string';
}
