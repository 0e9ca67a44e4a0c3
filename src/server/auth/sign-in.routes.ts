import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { agentRoles } from '../../shared/viewer.ts';
import { signInCitizen } from '../account/account.service.ts';
import { upsertAgent } from '../agent/agent.repository.ts';
import { serviceOfUnit } from '../agent/service-of-unit.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { safeReturnPath } from '../http/return-path.ts';
import { requestReadingChoices, setReadingCookies } from '../reading/reading-cookies.ts';
import { reconcileAtSignIn } from '../reading/reading-preferences.service.ts';
import type { CookiePolicy } from '../security/cookie-policy.ts';
import { SignInRefused, type RelyingParty } from './relying-party.ts';
import type { Sessions } from './sessions.ts';

interface SignInRoutesOptions {
  db: Db;
  sessions: Sessions;
  relyingParty: RelyingParty;
  audience: 'citizen' | 'agent';
  /** `/auth` for citizens, `/agent/auth` for agents. */
  basePath: string;
  /** Where a signed-in person lands when they did not ask for a page. */
  home: string;
  /** To bring the citizen's reading choices (language, easy-read, read aloud) to this device. */
  cookies: CookiePolicy;
  rateLimit: { max: number; windowMinutes: number };
}

const loginQuery = v.object({ return: v.optional(v.string()) });
const callbackQuery = v.object({ error: v.optional(v.string()), state: v.optional(v.string()) });

const agentClaims = v.object({
  given_name: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(200)),
  usual_name: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(200)),
  email: v.optional(v.pipe(v.string(), v.maxLength(320))),
  organizational_unit: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(200)),
  guichet_role: v.picklist(agentRoles),
});

/**
 * Clear-Site-Data on sign-out: a shared phone keeps nothing of the person who used it. Not
 * "storage": on this redirect, Chromium 156 sometimes never completes the navigation when it has
 * a service worker to unregister (2 sign-outs in 6 hung in the end-to-end tests); the signed-out
 * page wipes IndexedDB, caches and web storage itself instead.
 */
export const clearSiteData = '"cache", "cookies"';

/**
 * Sign-in and sign-out through one OpenID Connect client: `login` sends the browser to the
 * provider with state, nonce and PKCE kept in this browser's server-side session; `callback`
 * checks the answer, then opens a brand-new session; `logout` ends ours, then the provider's.
 */
export async function signInRoutes(app: FastifyInstance, options: SignInRoutesOptions) {
  const { db, sessions, relyingParty, audience, basePath } = options;
  // Signing in and out is for anyone, limited per address.
  const rateLimited = {
    config: { access: 'public', rateLimit: { max: options.rateLimit.max, timeWindow: options.rateLimit.windowMinutes * 60_000 } },
  } as const;

  app.get(`${basePath}/login`, rateLimited, async (request, reply) => {
    const query = v.safeParse(loginQuery, request.query);
    const returnTo = safeReturnPath(query.success ? query.output.return : undefined);
    const { url, checks } = await relyingParty.startLogin();
    const login = { audience, ...checks, returnTo: returnTo === '/' ? options.home : returnTo };
    if (request.session) await sessions.update(request, { login });
    else await sessions.start(request, reply, { personId: null, agentId: null, viewer: null, idToken: null, login });
    return reply.header('cache-control', 'no-store').redirect(url.href, 303);
  });

  app.get(`${basePath}/callback`, rateLimited, async (request, reply) => {
    const login = request.session?.login;
    // Used once: a replayed or second callback finds nothing to finish.
    if (request.session && login) await sessions.update(request, { login: null });
    const query = v.safeParse(callbackQuery, request.query);
    if (query.success && query.output.error) throw new HttpError('sign_in_cancelled');
    if (!login || login.audience !== audience) return refuse(request, 'no_pending_login');

    const callbackUrl = new URL(relyingParty.settings.redirectUri);
    callbackUrl.search = new URL(request.url, 'http://localhost').search;
    let signedIn;
    try {
      signedIn = await relyingParty.finishLogin(callbackUrl, login);
    } catch (error) {
      if (error instanceof SignInRefused) return refuse(request, error.message);
      throw error;
    }

    if (audience === 'citizen') {
      const { personId, name } = await signInCitizen(db, {
        issuer: signedIn.issuer,
        subject: signedIn.subject,
        providerName: relyingParty.settings.providerName,
        claims: signedIn.claims,
      });
      await sessions.start(request, reply, {
        personId,
        agentId: null,
        viewer: { kind: 'citizen', name },
        idToken: signedIn.idToken,
        login: null,
      });
      setReadingCookies(reply, options.cookies, await reconcileAtSignIn(db, personId, requestReadingChoices(request)));
    } else {
      const claims = v.safeParse(agentClaims, signedIn.claims);
      if (!claims.success) return refuse(request, 'agent_claims_invalid');
      const agent = claims.output;
      const agentId = await upsertAgent(db, {
        issuer: signedIn.issuer,
        subject: signedIn.subject,
        given_name: agent.given_name,
        family_name: agent.usual_name,
        email: agent.email ?? null,
        role: agent.guichet_role,
        service: agent.organizational_unit,
        service_id: serviceOfUnit(agent.organizational_unit),
        updated_at: new Date(),
      });
      await sessions.start(request, reply, {
        personId: null,
        agentId,
        viewer: {
          kind: 'agent',
          name: `${agent.given_name} ${agent.usual_name}`,
          role: agent.guichet_role,
          service: agent.organizational_unit,
        },
        idToken: signedIn.idToken,
        login: null,
      });
    }
    // Checked again: a sign-in started before a stricter rule must not finish somewhere else.
    return reply.header('cache-control', 'no-store').redirect(safeReturnPath(login.returnTo, options.home), 303);
  });

  app.post(`${basePath}/logout`, { config: { access: 'public' } }, async (request, reply) => signOut(request, reply));

  async function signOut(request: FastifyRequest, reply: FastifyReply) {
    const idToken = request.session?.idToken ?? null;
    await sessions.destroy(request, reply);
    const target = await relyingParty.logoutUrl(idToken, randomBytes(32).toString('base64url'));
    return reply.header('clear-site-data', clearSiteData).header('cache-control', 'no-store').redirect(target.href, 303);
  }

  function refuse(request: FastifyRequest, reason: string): never {
    // The reason names the failed check, never a claim's value.
    request.log.warn({ audience, reason }, 'sign-in refused');
    throw new HttpError('sign_in_failed');
  }
}
