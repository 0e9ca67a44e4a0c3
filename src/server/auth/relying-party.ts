import { importJWK } from 'jose';
import * as client from 'openid-client';
import type { RelyingPartyConfig } from '../config.ts';
import type { PendingLogin } from './session.table.ts';

/** The verified result of a sign-in: ID token claims merged with the (verified) userinfo claims. */
export interface SignedIn {
  issuer: string;
  subject: string;
  idToken: string;
  claims: Record<string, unknown>;
}

export interface RelyingParty {
  settings: RelyingPartyConfig;
  startLogin(): Promise<{ url: URL; checks: Pick<PendingLogin, 'state' | 'nonce' | 'codeVerifier'> }>;
  finishLogin(callbackUrl: URL, login: PendingLogin): Promise<SignedIn>;
  /** The provider's end-session URL, or our own signed-out page when it has none. */
  logoutUrl(idToken: string | null, state: string): Promise<URL>;
}

export class SignInRefused extends Error {}

// eIDAS levels, lowest first: "at least eidas1" accepts eidas2 and eidas3 too.
const acrLevels = ['eidas1', 'eidas2', 'eidas3'];

/** How far ahead of ours a provider's clock may be. */
const clockSkewSeconds = 60;

/**
 * An OpenID Connect client on `openid-client`: authorization code with PKCE (S256), state and
 * nonce, `acr_values`; the ID token's issuer, audience, dates and signature are checked (one
 * asymmetric algorithm, from the settings: `none` and HS256 never pass), and so is a signed
 * userinfo response. Discovery runs at the first sign-in and is retried if it failed.
 */
export function createRelyingParty(settings: RelyingPartyConfig, fetchImplementation?: client.CustomFetch): RelyingParty {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= discover().catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };

  async function discover(): Promise<client.Configuration> {
    const authentication =
      settings.clientAuth.kind === 'client_secret_post'
        ? client.ClientSecretPost(settings.clientAuth.secret)
        : client.PrivateKeyJwt({
            key: (await importJWK(settings.clientAuth.jwk, settings.clientAuth.jwk.alg ?? 'RS256')) as CryptoKey,
            ...(settings.clientAuth.jwk.kid ? { kid: settings.clientAuth.jwk.kid } : {}),
          });
    const metadata: Partial<client.ClientMetadata> = {
      id_token_signed_response_alg: settings.idTokenAlg,
      ...(settings.userinfoAlg ? { userinfo_signed_response_alg: settings.userinfoAlg } : {}),
    };
    const found = await client.discovery(settings.issuer, settings.clientId, metadata, authentication, {
      // Plain http only for a provider on this machine (the development one, a test one).
      execute: isLoopback(settings.issuer) ? [client.allowInsecureRequests] : [],
      ...(fetchImplementation ? { [client.customFetch]: fetchImplementation } : {}),
    });
    if (fetchImplementation) found[client.customFetch] = fetchImplementation;
    // Signatures of the ID token and of a JWT userinfo are verified against the provider's keys.
    client.enableNonRepudiationChecks(found);
    return found;
  }

  return {
    settings,
    async startLogin() {
      const found = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(found, {
        redirect_uri: settings.redirectUri.href,
        scope: settings.scopes,
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        acr_values: settings.acrValues,
      });
      return { url, checks: { state, nonce, codeVerifier } };
    },

    async finishLogin(callbackUrl, login) {
      const found = await configuration();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(found, callbackUrl, {
          pkceCodeVerifier: login.codeVerifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new SignInRefused(reasonOf(error), { cause: error });
      }
      const idClaims = tokens.claims();
      if (!idClaims || !tokens.id_token) throw new SignInRefused('no_id_token');
      // The library checks `exp` and `nbf`; a token dated ahead is a forged or a replayed-later one.
      const latest = Math.floor(Date.now() / 1000) + clockSkewSeconds;
      if (idClaims.iat > latest || (typeof idClaims.nbf === 'number' && idClaims.nbf > latest)) {
        throw new SignInRefused('id_token_issued_in_future');
      }
      if (!acrSatisfies(idClaims.acr, settings.acrValues)) throw new SignInRefused('acr_too_low');
      let userinfo: Record<string, unknown>;
      try {
        userinfo = await client.fetchUserInfo(found, tokens.access_token, idClaims.sub);
      } catch (error) {
        throw new SignInRefused(`userinfo_${reasonOf(error)}`, { cause: error });
      }
      return { issuer: idClaims.iss, subject: idClaims.sub, idToken: tokens.id_token, claims: { ...userinfo, acr: idClaims.acr } };
    },

    async logoutUrl(idToken, state) {
      if (!idToken) return settings.postLogoutRedirectUri;
      try {
        return client.buildEndSessionUrl(await configuration(), {
          id_token_hint: idToken,
          state,
          post_logout_redirect_uri: settings.postLogoutRedirectUri.href,
        });
      } catch {
        return settings.postLogoutRedirectUri;
      }
    },
  };
}

/** Whether the ID token's `acr` is at least the first level asked for. */
export function acrSatisfies(acr: unknown, asked: string): boolean {
  const wanted = asked.split(' ')[0] ?? '';
  if (typeof acr !== 'string') return wanted === '';
  const got = acrLevels.indexOf(acr);
  const needed = acrLevels.indexOf(wanted);
  return needed === -1 ? acr === wanted : got >= needed;
}

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** A short, data-free reason for the logs ("OAUTH_JWT_CLAIM_COMPARISON_FAILED: unexpected JWT aud"). */
function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return 'unknown';
}
