import type { IncomingMessage, ServerResponse } from 'node:http';
import { createECDH, createHash, createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import * as v from 'valibot';
import arStrings from '../../../locales/ar/dev-idp.json' with { type: 'json' };
import deStrings from '../../../locales/de/dev-idp.json' with { type: 'json' };
import enStrings from '../../../locales/en/dev-idp.json' with { type: 'json' };
import esStrings from '../../../locales/es/dev-idp.json' with { type: 'json' };
import frStrings from '../../../locales/fr/dev-idp.json' with { type: 'json' };
import nlStrings from '../../../locales/nl/dev-idp.json' with { type: 'json' };
import { findPersona } from '../../shared/dev-personas.ts';
import { defaultLanguage, isLanguage, languageCookie, languages, textDirection, type Language } from '../../shared/languages.ts';
import type { Config, RelyingPartyConfig } from '../config.ts';
import type { Db } from '../db/database.ts';
import { formFields } from '../http/form-fields.ts';
import { HttpError } from '../http/http-error.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { databaseOidcAdapter } from './oidc-adapter.ts';

/** The claims each scope releases: FranceConnect's for citizens, ProConnect's plus Guichet's for agents. */
const scopeClaims: Configuration['claims'] = {
  openid: ['sub'],
  given_name: ['given_name'],
  family_name: ['family_name'],
  birthdate: ['birthdate'],
  gender: ['gender'],
  birthplace: ['birthplace'],
  birthcountry: ['birthcountry'],
  email: ['email'],
  phone: ['phone_number'],
  usual_name: ['usual_name'],
  uid: ['uid'],
  siret: ['siret'],
  organizational_unit: ['organizational_unit'],
  guichet_role: ['guichet_role'],
};

const personaChoice = v.object({ persona: v.pipe(v.string(), v.maxLength(100)) });

/**
 * The bundled development identity provider: a real `oidc-provider` mounted under its issuer's
 * path, with Guichet's two clients registered and a persona picker instead of a password. It lets
 * `npm start` sign people in with no account anywhere; production refuses it (see config.ts).
 */
export async function devIdentityProvider(
  app: FastifyInstance,
  options: {
    config: Pick<Config, 'devIdp' | 'publicUrl'> & { oidc: Record<'citizen' | 'agent', RelyingPartyConfig> };
    pages: PageRenderer;
    db: Db;
    /** The link signing secret, shared by every instance: the provider's keys derive from it. */
    secret: string;
  },
) {
  const { config, pages } = options;
  const prefix = config.devIdp.issuer.pathname;
  const clients = Object.entries(config.oidc)
    .filter(([, client]) => client.bundled)
    .map(([audience, client]) => ({ audience: audience as 'citizen' | 'agent', client }));
  const audienceOf = (clientId: unknown) => clients.find(({ client }) => client.clientId === clientId)?.audience;

  const signingKey = derivedSigningKey(options.secret);

  // A remembered sign-in never crosses from one client to the other: a persona of the other
  // audience (an agent's sign-in meeting the citizens' client, on a shared computer) means the
  // picker again, exactly as if no one were signed in.
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(
    new interactionPolicy.Check('other_audience', 'The remembered sign-in belongs to the other audience', (ctx) => {
      const remembered = findPersona(String(ctx.oidc.session?.accountId ?? ''));
      const audience = audienceOf(ctx.oidc.client?.clientId);
      return remembered !== undefined && remembered.audience !== audience
        ? interactionPolicy.Check.REQUEST_PROMPT
        : interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );

  const provider = new Provider(config.devIdp.issuer.href, {
    clients: clients.map(({ audience, client }) => ({
      client_id: client.clientId,
      client_secret: client.clientAuth.kind === 'client_secret_post' ? client.clientAuth.secret : undefined,
      client_name: audience === 'citizen' ? 'Guichet' : 'Guichet – agents',
      redirect_uris: [client.redirectUri.href],
      post_logout_redirect_uris: [client.postLogoutRedirectUri.href],
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
      userinfo_signed_response_alg: 'ES256',
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [derive(options.secret, 'guichet-dev-idp-cookies').toString('base64url')] },
    adapter: databaseOidcAdapter(options.db),
    claims: scopeClaims,
    acrValues: ['eidas1', 'eidas2', 'eidas3'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource },
    },
    interactions: { policy, url: (_ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
    // Guichet's own clients: the person chose to sign in there, no separate consent screen.
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      if (!accountId || !client) return undefined;
      const existing = ctx.oidc.session?.grantIdFor(client.clientId);
      const remembered = existing ? await ctx.oidc.provider.Grant.find(existing) : undefined;
      // A grant made for whoever signed in before on this browser is not this person's.
      if (remembered?.accountId === accountId) return remembered;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope(String(ctx.oidc.params?.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub) => {
      const persona = findPersona(sub);
      if (!persona) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...persona.claims }) };
    },
    renderError: (ctx, out) => {
      const text = strings(languageOf(ctx));
      ctx.type = 'html';
      ctx.body = standalonePage(
        languageOf(ctx),
        text.error_title,
        `<p>${escapeHtml(text.error_text)}</p><p><code>${escapeHtml(String(out.error))}</code></p>`,
      );
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 900, Session: 3600, Grant: 3600 },
  });
  // The provider builds its links from the request it sees: it always sees one made to PUBLIC_URL
  // (the server listens on plain http, behind a TLS proxy when that is https), whatever Host or
  // X-Forwarded-* a client wrote.
  provider.proxy = true;
  const asPublished = (request: IncomingMessage) => {
    request.headers['x-forwarded-proto'] = config.publicUrl.protocol.slice(0, -1);
    request.headers['x-forwarded-host'] = config.publicUrl.host;
    delete request.headers['x-forwarded-for'];
    return request;
  };
  const callback = provider.callback();
  // Signing in starts here: the provider's pages are for anyone.
  const anyone = { config: { access: 'public' } } as const;

  /** The persona picker, rendered by the app like any page so it is translated and accessible. */
  app.get<{ Params: { uid: string } }>(`${prefix}/interaction/:uid`, anyone, async (request, reply) => {
    const details = await interaction(request.raw, reply.raw);
    const audience = audienceOf(details.params.client_id);
    if (!audience || details.uid !== request.params.uid) throw new HttpError('not_found');
    return pages.send(request, reply, {
      url: request.url,
      language: requestLanguage(request),
      state: { devLogin: { uid: details.uid, audience } },
    });
  });

  app.post<{ Params: { uid: string } }>(`${prefix}/interaction/:uid`, anyone, async (request, reply) => {
    const details = await interaction(request.raw, reply.raw);
    const choice = v.safeParse(personaChoice, formFields(request.body));
    const persona = choice.success ? findPersona(choice.output.persona) : undefined;
    if (!persona || persona.audience !== audienceOf(details.params.client_id)) throw new HttpError('bad_request');
    reply.hijack();
    await provider.interactionFinished(
      asPublished(request.raw),
      reply.raw,
      { login: { accountId: persona.id, acr: 'eidas1', amr: ['pwd'] } },
      { mergeWithLastSubmission: false },
    );
  });

  // Everything else under the issuer's path is the provider's own (discovery, authorization,
  // token, userinfo, keys, logout). It reads its own bodies and protects itself (client
  // authentication, PKCE, its own logout form token), hence no body parser and no CSRF check here.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.all(`${prefix}/*`, { config: { csrf: false, access: 'public' } }, (request, reply) => {
      reply.hijack();
      const raw = request.raw as IncomingMessage & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? '/').slice(prefix.length) || '/';
      void callback(asPublished(raw), reply.raw);
    });
  });

  async function interaction(request: IncomingMessage, response: ServerResponse) {
    try {
      return await provider.interactionDetails(asPublished(request), response);
    } catch {
      throw new HttpError('sign_in_expired');
    }
  }
}

function derive(secret: string, label: string): Buffer {
  return createHmac('sha256', secret).update(label).digest();
}

/**
 * The provider's ES256 key, the same on every instance and after a restart (an ID token signed by
 * one instance is checked with the keys another publishes): a P-256 private scalar derived from
 * the shared secret. A 32-byte HMAC is a valid scalar but for a 2^-32 chance, when the next
 * counter's is taken.
 */
function derivedSigningKey(secret: string) {
  const ecdh = createECDH('prime256v1');
  let d = derive(secret, 'guichet-dev-idp-signing-key');
  for (let counter = 1; ; counter += 1) {
    try {
      ecdh.setPrivateKey(d);
      break;
    } catch {
      d = derive(secret, `guichet-dev-idp-signing-key:${counter}`);
    }
  }
  const point = ecdh.getPublicKey();
  const x = point.subarray(1, 33).toString('base64url');
  const y = point.subarray(33, 65).toString('base64url');
  const kid = `dev-${createHash('sha256').update(x).digest('hex').slice(0, 12)}`;
  return { kty: 'EC', crv: 'P-256', x, y, d: d.toString('base64url'), kid, alg: 'ES256', use: 'sig' };
}

type Strings = typeof frStrings.provider;

const providerStrings: Record<Language, Strings> = {
  fr: frStrings.provider,
  en: enStrings.provider,
  nl: nlStrings.provider,
  de: deStrings.provider,
  es: esStrings.provider,
  ar: arStrings.provider,
};

function strings(language: Language): Strings {
  return providerStrings[language];
}

function languageOf(ctx: KoaContextWithOIDC): Language {
  const chosen = ctx.cookies.get(languageCookie);
  if (isLanguage(chosen)) return chosen;
  const accepted = ctx.acceptsLanguages([...languages]);
  return isLanguage(accepted) ? accepted : defaultLanguage;
}

/** The provider's own pages (logout confirmation, errors): plain HTML, no script, no inline style. */
function standalonePage(language: Language, title: string, body: string): string {
  return `<!doctype html><html lang="${language}" dir="${textDirection(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const language = languageOf(ctx);
  const text = strings(language);
  ctx.type = 'html';
  ctx.body = standalonePage(
    language,
    text.logout_title,
    `${form}<p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${escapeHtml(text.logout_yes)}</button></p><p><button type="submit" form="op.logoutForm">${escapeHtml(text.logout_no)}</button></p>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
