import { csrfHeader, idempotencyHeader, type ApiError } from '../../shared/http.ts';

export type ApiResult<Body> =
  | { ok: true; status: number; body: Body }
  | { ok: false; status: number; error: ApiError }
  | { ok: false; status: 0; error: { error: 'network' } };

/**
 * The one way the app talks to the server. Writes carry the CSRF token and an idempotency key,
 * so a retry (by the citizen or by the outbox) can never create a second record.
 */
export async function postJson<Body>(url: string, payload: unknown, options: { idempotencyKey: string }): Promise<ApiResult<Body>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
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
  const body: unknown = await response.json().catch(() => ({}));
  if (response.ok) return { ok: true, status: response.status, body: body as Body };
  return { ok: false, status: response.status, error: isApiError(body) ? body : { error: 'unexpected' } };
}

/** Reads from the API; no CSRF token or idempotency key, since a GET changes nothing. */
export async function getJson<Body>(url: string): Promise<ApiResult<Body>> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, error: { error: 'network' } };
  }
  const body: unknown = await response.json().catch(() => ({}));
  if (response.ok) return { ok: true, status: response.status, body: body as Body };
  return { ok: false, status: response.status, error: isApiError(body) ? body : { error: 'unexpected' } };
}

/** The double-submit cookie, or a fresh one from the server when it is missing (cleared, expired). */
async function csrfToken(): Promise<string> {
  const fromCookie = readCsrfCookie();
  if (fromCookie) return fromCookie;
  const response = await fetch('/api/csrf', { credentials: 'same-origin' });
  const body = (await response.json()) as { token: string };
  return body.token;
}

export function readCsrfCookie(): string | undefined {
  return /(?:^|;\s*)(?:__Host-)?csrf=([^;]+)/.exec(document.cookie)?.[1];
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string';
}
