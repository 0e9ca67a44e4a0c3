import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** What the provider gets wrong in its next answers (nothing, by default). */
export interface Tampering {
  alg?: 'ES256' | 'none' | 'HS256';
  issuer?: string;
  audience?: string;
  nonce?: string;
  expiresIn?: number;
  /** `iat` and `nbf`, in seconds from now, when they should not be now (a clock ahead, a token made for later). */
  issuedIn?: number;
  notBeforeIn?: number;
  acr?: string;
  /** Sign the (JWT) userinfo with a key that is not in the provider's JWKS. */
  userinfoForeignKey?: boolean;
  userinfoJwt?: boolean;
}

export interface TamperingProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  tampering: Tampering;
  /** Issues a code as if the person had signed in, bound to the nonce of this authorization URL. */
  authorize(authorizationUrl: string): string;
  close(): Promise<void>;
}

/**
 * A small OpenID provider for negative tests, made with `jose`: a real HTTP server that answers
 * discovery, token, userinfo and keys, and can be told to sign, address or date its tokens wrongly.
 * Each code works once. The test plays the browser: it reads state and nonce from the
 * authorization URL Guichet redirects to, and calls Guichet's callback itself.
 */
export async function startTamperingProvider(): Promise<TamperingProvider> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const foreign = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const clientId = 'guichet-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const codes = new Map<string, { nonce: string; used: boolean }>();
  const accessTokens = new Set<string>();
  const provider = { tampering: {} as Tampering };
  let issuer = '';

  const server: Server = createServer((request, response) => {
    void handle(request).then(
      ({ status, type, body }) => {
        response.writeHead(status, { 'content-type': type });
        response.end(body);
      },
      (error: unknown) => {
        response.writeHead(500);
        response.end(String(error));
      },
    );
  });

  async function handle(request: IncomingMessage): Promise<{ status: number; type: string; body: string }> {
    const url = new URL(request.url ?? '/', issuer);
    const json = (body: unknown, status = 200) => ({ status, type: 'application/json', body: JSON.stringify(body) });
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        end_session_endpoint: `${issuer}/logout`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256', 'RS256', 'HS256', 'none'],
        userinfo_signing_alg_values_supported: ['ES256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return json({ keys: [jwk] });
    if (url.pathname === '/token') {
      const form = new URLSearchParams(await readBody(request));
      const grant = codes.get(form.get('code') ?? '');
      if (!grant || grant.used) return json({ error: 'invalid_grant' }, 400);
      grant.used = true;
      const accessToken = randomBytes(24).toString('base64url');
      accessTokens.add(accessToken);
      return json({ access_token: accessToken, token_type: 'Bearer', expires_in: 60, id_token: await idToken(grant.nonce) });
    }
    if (url.pathname === '/userinfo') {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!accessTokens.has(token)) return json({ error: 'invalid_token' }, 401);
      const claims = {
        sub: 'citizen-42',
        given_name: 'Claude',
        family_name: 'Test',
        birthdate: '1980-02',
        birthcountry: '99100',
        birthplace: '75056',
      };
      const { tampering } = provider;
      if (!tampering.userinfoJwt) return json(claims);
      const key = tampering.userinfoForeignKey ? foreign.privateKey : privateKey;
      const jwt = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
        .setIssuer(issuer)
        .setAudience(clientId)
        .sign(key);
      return { status: 200, type: 'application/jwt', body: jwt };
    }
    return json({ error: 'not_found' }, 404);
  }

  async function idToken(nonce: string): Promise<string> {
    const { tampering } = provider;
    const now = Math.floor(Date.now() / 1000);
    const lifetime = tampering.expiresIn ?? 300;
    const claims = {
      sub: 'citizen-42',
      nonce: tampering.nonce ?? nonce,
      acr: tampering.acr ?? 'eidas1',
      iat: lifetime < 0 ? now + lifetime - 600 : now + (tampering.issuedIn ?? 0),
      exp: now + lifetime,
      ...(tampering.notBeforeIn === undefined ? {} : { nbf: now + tampering.notBeforeIn }),
    };
    const iss = tampering.issuer ?? issuer;
    const aud = tampering.audience ?? clientId;
    if (tampering.alg === 'none') {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, iss, aud })}.`;
    }
    const jwt = new SignJWT(claims).setIssuer(iss).setAudience(aud);
    if (tampering.alg === 'HS256') {
      // The classic confusion attack: "signed" with a secret the client knows (its own).
      return jwt.setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(clientSecret));
    }
    return jwt.setProtectedHeader({ alg: 'ES256', kid: 'test-key' }).sign(privateKey);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('No port');
  issuer = `http://127.0.0.1:${address.port}`;

  const started: TamperingProvider = {
    issuer,
    clientId,
    clientSecret,
    get tampering() {
      return provider.tampering;
    },
    set tampering(value: Tampering) {
      provider.tampering = value;
    },
    authorize(authorizationUrl) {
      const nonce = new URL(authorizationUrl).searchParams.get('nonce') ?? '';
      const code = randomBytes(16).toString('base64url');
      codes.set(code, { nonce, used: false });
      return code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return started;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
