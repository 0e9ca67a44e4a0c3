import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { languageCookie, type Language } from '../../src/shared/languages.ts';

export interface Visitor {
  csrfToken: string;
  cookies: Record<string, string>;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  postJson(url: string, body: unknown, options: { idempotencyKey?: string }): Promise<LightMyRequestResponse>;
  postForm(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse>;
}

/**
 * A browser as the server sees it: it keeps its cookies, sends the CSRF token as our pages do,
 * and says it comes from our own origin.
 */
export async function visitor(app: FastifyInstance, options: { language?: Language } = {}): Promise<Visitor> {
  const cookies: Record<string, string> = options.language ? { [languageCookie]: options.language } : {};
  const remember = (response: LightMyRequestResponse) => {
    for (const cookie of response.cookies) cookies[cookie.name] = cookie.value;
    return response;
  };
  const self: Visitor = {
    csrfToken: '',
    cookies,
    async request(requestOptions) {
      return remember(await app.inject({ ...requestOptions, cookies: { ...cookies, ...requestOptions.cookies } }));
    },
    get: (url) => self.request({ method: 'GET', url }),
    postJson: (url, body, { idempotencyKey }) =>
      self.request({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': self.csrfToken,
          'sec-fetch-site': 'same-origin',
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        payload: JSON.stringify(body),
      }),
    postForm: (url, fields) =>
      self.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:8080', host: 'localhost:8080' },
        payload: new URLSearchParams({ _csrf: self.csrfToken, ...fields }).toString(),
      }),
  };
  const first = await self.get('/api/csrf');
  self.csrfToken = first.json<{ token: string }>().token;
  return self;
}
