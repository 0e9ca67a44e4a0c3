import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { csrfFormField, csrfHeader } from '../../shared/http.ts';
import { HttpError } from '../http/http-error.ts';
import type { CookiePolicy } from './cookie-policy.ts';

declare module 'fastify' {
  interface FastifyRequest {
    csrfToken: string;
  }
  interface FastifyContextConfig {
    /** Set to false on the rare route that must accept cross-site posts (an OIDC form_post). */
    csrf?: boolean;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF protection for every state-changing request, with or without JavaScript:
 * 1. the request must come from our own pages (Fetch Metadata, else the Origin header);
 * 2. it must carry the token of the double-submit cookie, in a header (fetch) or a form field.
 * The cookie is SameSite=Strict and, on https, `__Host-` prefixed so no subdomain can plant one.
 */
export const csrfProtection = fp(async function csrfProtection(app: FastifyInstance, options: { cookies: CookiePolicy }) {
  const cookieName = options.cookies.name('csrf');
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (request, reply) => {
    const existing = request.cookies[cookieName];
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) {
      request.csrfToken = existing;
      return;
    }
    request.csrfToken = randomBytes(32).toString('base64url');
    // Readable by our scripts (double submit); it grants nothing on its own.
    reply.setCookie(cookieName, request.csrfToken, { ...options.cookies.attributes, httpOnly: false, sameSite: 'strict' });
  });

  app.addHook('preHandler', async (request) => {
    if (!unsafeMethods.has(request.method) || request.routeOptions.config.csrf === false) return;
    assertFromOurPages(request);
  });

  app.get('/api/csrf', { config: { access: 'public' } }, async (request) => ({ token: request.csrfToken }));
});

/**
 * The check itself, for the one route that must run it earlier than `preHandler`: a multipart
 * form checks its token as soon as the field arrives, before a byte of its file is stored.
 */
export function assertFromOurPages(request: FastifyRequest): void {
  if (!comesFromOurPages(request) || !carriesToken(request)) {
    throw new HttpError('csrf', 'The request did not come from a Guichet page');
  }
}

function comesFromOurPages(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

function carriesToken(request: FastifyRequest): boolean {
  const fromHeader = request.headers[csrfHeader.toLowerCase()];
  const body = request.body;
  const fromForm = body && typeof body === 'object' && csrfFormField in body ? (body as Record<string, unknown>)[csrfFormField] : undefined;
  const sent = typeof fromHeader === 'string' ? fromHeader : typeof fromForm === 'string' ? fromForm : '';
  const expected = request.csrfToken;
  return sent.length === expected.length && sent.length > 0 && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}
