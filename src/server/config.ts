import { createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import * as v from 'valibot';
import type { MasterKeys } from './documents/envelope-encryption.ts';
import type { S3StorageConfig } from './documents/s3-storage.driver.ts';
import type { NotificationSendersConfig } from './notifications/notification-senders.ts';
import type { NotificationWorkerOptions } from './notifications/notification.worker.ts';
import type { SmsPolicy } from './security/one-time-code.ts';

/**
 * Everything the server reads from the environment, checked once at start so that a bad value
 * stops it with a sentence naming the variable, not with a stack trace an hour later.
 */
export interface Config {
  port: number;
  host: string;
  publicUrl: URL;
  production: boolean;
  /**
   * Which proxies may say who the client is (X-Forwarded-For, -Proto): how many hops, or their
   * addresses; `false` believes no one, so a client cannot write its own address.
   */
  trustedProxies: false | number | string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * PostgreSQL: `url` is the app's role (DML only), `migrationUrl` the role that owns the tables and
   * runs the migrations (the app's role when unset). PGlite has a single role.
   */
  database:
    | { kind: 'pglite'; dataDir: string | undefined }
    | { kind: 'postgres'; url: string; migrationUrl: string | undefined; schema: string | undefined };
  dataDir: string;
  clientDir: string;
  pagesDir: string;
  ssrEntry: string;
  seedDemoData: boolean;
  /** On SIGTERM, how long requests and sends in flight get to finish before the process exits. */
  shutdownGraceMs: number;
  /** Bearer token for `/metrics`; when unset, only loopback callers may read it. */
  metricsToken: string | undefined;
  callbackRateLimit: { max: number; windowMinutes: number };
  /** Call me back: requests per phone number in the rate-limit window, and calls before giving up. */
  callbacks: { maxPerPhone: number; windowMinutes: number; maxAttempts: number; retryMinutes: number };
  /** Signs every link sent by SMS; when unset, one kept in the database (see linkSigningSecret). */
  linkSigningSecret: string | undefined;
  visit: {
    bookingDays: number;
    changeUntilHours: number;
    reminderHours: number;
    minimumNoticeMinutes: number;
    reminderIntervalSeconds: number;
    geocoder: 'demo' | 'api-adresse';
    rateLimit: { max: number; windowMinutes: number };
  };
  /** Where pre-filled data (family quotient, tax household) comes from: the sandbox unless API Particulier is configured. */
  dataConnector: { kind: 'sandbox' } | { kind: 'api_particulier'; url: URL; token: string };
  loginRateLimit: { max: number; windowMinutes: number };
  sessions: { idleMinutes: number; absoluteHours: number; cacheSeconds: number };
  /** The bundled development identity provider: on when a client below has no external issuer. */
  devIdp: { enabled: boolean; issuer: URL };
  oidc: { citizen: RelyingPartyConfig; agent: RelyingPartyConfig };
  /** Every SMS a visitor's request sends (codes, confirmations): which countries, and how many per number and per address. */
  sms: SmsPolicy;
  /** Where the accessibility statement's feedback is sent (it is stored either way); none in production unless set. */
  accessibilityContactEmail: string | undefined;
  notifications: {
    senders: NotificationSendersConfig;
    /** Whether this instance runs a worker; every instance can, side by side. */
    workerEnabled: boolean;
    worker: NotificationWorkerOptions;
    /** The shared secret an SMS gateway sends with its delivery receipts; no receipt route without it. */
    receiptToken: string | undefined;
    /** The /dev/inbox page and its API: outside production, when a channel uses the inbox. */
    devInbox: boolean;
  };
  documents: DocumentsConfig;
}

/** The document locker: limits, encryption keys, where files go, the antivirus, reminders. */
export interface DocumentsConfig {
  maxBytes: number;
  masterKeys: MasterKeys;
  /** True when the built-in development key is in use (never in production). */
  developmentKey: boolean;
  storage: { kind: 'local'; dir: string } | ({ kind: 's3' } & S3StorageConfig);
  /** Encrypted uploads in progress with local storage; on a disk every instance sees when several run (S3 keeps them in the bucket). */
  stagingDir: string;
  antivirus: { kind: 'none' } | { kind: 'clamd'; host: string; port: number; timeoutMs: number };
  /** Days before a document's expiry date when the citizen is reminded. */
  expiryReminderDays: number;
}

/** One OpenID Connect client: citizens (FranceConnect-shaped) or agents (ProConnect-shaped). */
export interface RelyingPartyConfig {
  /** True when the issuer is the bundled development provider. */
  bundled: boolean;
  issuer: URL;
  clientId: string;
  clientAuth:
    { kind: 'client_secret_post'; secret: string } | { kind: 'private_key_jwt'; jwk: JsonWebKey & { alg?: string; kid?: string } };
  redirectUri: URL;
  postLogoutRedirectUri: URL;
  scopes: string;
  /** The `acr_values` asked for; the ID token's `acr` must be at least the first of them. */
  acrValues: string;
  idTokenAlg: 'ES256' | 'RS256';
  /** Set when the provider signs its userinfo responses (FranceConnect does). */
  userinfoAlg: 'ES256' | 'RS256' | undefined;
  /** Shown to citizens: "from FranceConnect". */
  providerName: string;
}

export const citizenScopes = 'openid given_name family_name birthdate gender birthplace birthcountry email phone';
export const agentScopes = 'openid given_name usual_name email uid siret organizational_unit guichet_role';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Guichet cannot start, the configuration has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
}

const wholeNumber = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `${name} must be a whole number`),
    v.transform(Number),
    v.minValue(min, `${name} must be at least ${min}`),
    v.maxValue(max, `${name} must be at most ${max}`),
  );

const yesNo = (name: string) =>
  v.pipe(
    v.picklist(['true', 'false', '1', '0', 'yes', 'no'], `${name} must be true or false`),
    v.transform((value) => value === 'true' || value === '1' || value === 'yes'),
  );

const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

/** An IPv4 or IPv6 address, or a CIDR range of either (10.0.0.0/8, fd00::/8). */
function isAddressOrRange(text: string): boolean {
  const [address = '', prefix, ...rest] = text.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** A number of proxy hops (`1`), or the proxies' addresses and ranges separated by commas. */
const trustedProxiesSchema = v.pipe(
  v.string(),
  v.transform((text): number | string[] => (/^\s*\d+\s*$/.test(text) ? Number(text) : text.split(',').map((part) => part.trim()))),
  v.check(
    (value) => (typeof value === 'number' ? value >= 1 && value <= 10 : value.every(isAddressOrRange)),
    'TRUSTED_PROXIES must be the number of proxies in front of Guichet (1 to 10, such as 1 behind one load balancer) or their addresses separated by commas (such as 127.0.0.1 or 10.0.0.0/8,192.168.1.5)',
  ),
);

/** 32 random bytes in base64 (`openssl rand -base64 32`). */
function masterKey(name: string) {
  return v.pipe(
    v.string(),
    v.transform((text) => Buffer.from(text, 'base64')),
    v.check((key) => key.length === 32, `${name} must be 32 bytes in base64 (openssl rand -base64 32)`),
  );
}

const environmentSchema = v.object({
  PORT: v.optional(wholeNumber('PORT', 0, 65535), '8080'),
  HOST: v.optional(v.pipe(v.string(), v.nonEmpty('HOST must not be empty')), 'localhost'),
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('PUBLIC_URL must be an absolute URL such as https://guichet.example.fr'))),
  TRUSTED_PROXIES: v.optional(trustedProxiesSchema),
  NODE_ENV: v.optional(
    v.picklist(['development', 'production', 'test'], 'NODE_ENV must be development, production or test'),
    'development',
  ),
  LOG_LEVEL: v.optional(
    v.picklist(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ),
  ),
  DATABASE_URL: v.optional(v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://'))),
  DATABASE_MIGRATION_URL: v.optional(
    v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'DATABASE_MIGRATION_URL must start with postgres:// or postgresql://')),
  ),
  DATABASE_SCHEMA: v.optional(v.pipe(v.string(), v.regex(/^[a-z_][a-z0-9_]*$/, 'DATABASE_SCHEMA must be a lower-case SQL identifier'))),
  DATA_DIR: v.optional(v.pipe(v.string(), v.nonEmpty('DATA_DIR must not be empty')), './data'),
  SEED_DEMO_DATA: v.optional(yesNo('SEED_DEMO_DATA')),
  CALLBACK_RATE_LIMIT_MAX: v.optional(wholeNumber('CALLBACK_RATE_LIMIT_MAX', 1, 100000), '10'),
  CALLBACK_RATE_LIMIT_WINDOW_MINUTES: v.optional(wholeNumber('CALLBACK_RATE_LIMIT_WINDOW_MINUTES', 1, 1440), '60'),
  CALLBACK_MAX_PER_PHONE: v.optional(wholeNumber('CALLBACK_MAX_PER_PHONE', 1, 100000), '3'),
  CALLBACK_MAX_ATTEMPTS: v.optional(wholeNumber('CALLBACK_MAX_ATTEMPTS', 1, 20), '3'),
  CALLBACK_RETRY_MINUTES: v.optional(wholeNumber('CALLBACK_RETRY_MINUTES', 1, 10080), '120'),
  LINK_SIGNING_SECRET: v.optional(
    v.pipe(v.string(), v.minLength(32, 'LINK_SIGNING_SECRET must be at least 32 characters (a random secret)')),
  ),
  VISIT_BOOKING_DAYS: v.optional(wholeNumber('VISIT_BOOKING_DAYS', 1, 366), '28'),
  VISIT_CHANGE_UNTIL_HOURS: v.optional(wholeNumber('VISIT_CHANGE_UNTIL_HOURS', 0, 720), '4'),
  VISIT_REMINDER_HOURS: v.optional(wholeNumber('VISIT_REMINDER_HOURS', 1, 720), '48'),
  VISIT_MINIMUM_NOTICE_MINUTES: v.optional(wholeNumber('VISIT_MINIMUM_NOTICE_MINUTES', 0, 10080), '60'),
  VISIT_REMINDER_INTERVAL_SECONDS: v.optional(wholeNumber('VISIT_REMINDER_INTERVAL_SECONDS', 0, 86400), '300'),
  VISIT_GEOCODER: v.optional(v.picklist(['demo', 'api-adresse'], 'VISIT_GEOCODER must be demo or api-adresse'), 'demo'),
  VISIT_RATE_LIMIT_MAX: v.optional(wholeNumber('VISIT_RATE_LIMIT_MAX', 1, 100000), '10'),
  VISIT_RATE_LIMIT_WINDOW_MINUTES: v.optional(wholeNumber('VISIT_RATE_LIMIT_WINDOW_MINUTES', 1, 1440), '60'),
  DATA_CONNECTOR: v.optional(v.picklist(['sandbox', 'api_particulier'], 'DATA_CONNECTOR must be sandbox or api_particulier'), 'sandbox'),
  API_PARTICULIER_URL: v.optional(
    v.pipe(v.string(), v.url('API_PARTICULIER_URL must be an absolute URL such as https://particulier.api.gouv.fr')),
  ),
  API_PARTICULIER_TOKEN: v.optional(v.pipe(v.string(), v.minLength(16, 'API_PARTICULIER_TOKEN must be at least 16 characters'))),
  LOGIN_RATE_LIMIT_MAX: v.optional(wholeNumber('LOGIN_RATE_LIMIT_MAX', 1, 100000), '30'),
  LOGIN_RATE_LIMIT_WINDOW_MINUTES: v.optional(wholeNumber('LOGIN_RATE_LIMIT_WINDOW_MINUTES', 1, 1440), '5'),
  // A fraction of a minute is allowed so a test can watch a session end (0.5: thirty seconds).
  SESSION_IDLE_MINUTES: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+(\.\d+)?$/, 'SESSION_IDLE_MINUTES must be a number of minutes, such as 30 or 0.5'),
      v.transform(Number),
      v.minValue(0.1, 'SESSION_IDLE_MINUTES must be at least 0.1 (six seconds)'),
      v.maxValue(1440, 'SESSION_IDLE_MINUTES must be at most 1440'),
    ),
    '30',
  ),
  SESSION_ABSOLUTE_HOURS: v.optional(wholeNumber('SESSION_ABSOLUTE_HOURS', 1, 720), '12'),
  SESSION_CACHE_SECONDS: v.optional(wholeNumber('SESSION_CACHE_SECONDS', 0, 10), '5'),
  SMS_ALLOWED_COUNTRIES: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^\+[1-9]\d{0,2}(,\+[1-9]\d{0,2})*$/,
        'SMS_ALLOWED_COUNTRIES must be country calling codes separated by commas, such as +33,+262,+590',
      ),
      v.transform((list) => list.split(',')),
    ),
    // France and its overseas departments and territories (Mayotte shares +262 with La Réunion).
    '+33,+262,+508,+590,+594,+596,+681,+687,+689',
  ),
  SMS_MAX_PER_NUMBER: v.optional(wholeNumber('SMS_MAX_PER_NUMBER', 1, 1000), '5'),
  SMS_MAX_PER_ADDRESS: v.optional(wholeNumber('SMS_MAX_PER_ADDRESS', 1, 100000), '20'),
  SMS_LIMIT_WINDOW_MINUTES: v.optional(wholeNumber('SMS_LIMIT_WINDOW_MINUTES', 1, 1440), '60'),
  DEV_IDP_ENABLED: v.optional(yesNo('DEV_IDP_ENABLED')),
  ...relyingPartyVariables('CITIZEN'),
  ...relyingPartyVariables('AGENT'),
  SMS_GATEWAY_URL: v.optional(
    v.pipe(
      v.string(),
      v.url('SMS_GATEWAY_URL must be an absolute URL such as https://sms.example.fr/messages'),
      v.transform((url) => new URL(url)),
    ),
  ),
  SMS_GATEWAY_TOKEN: v.optional(v.pipe(v.string(), v.nonEmpty('SMS_GATEWAY_TOKEN must not be empty'))),
  SMS_GATEWAY_TIMEOUT_MS: v.optional(wholeNumber('SMS_GATEWAY_TIMEOUT_MS', 100, 120_000), '10000'),
  SMS_GATEWAY_RECEIPT_TOKEN: v.optional(
    v.pipe(
      v.string(),
      v.minLength(32, 'SMS_GATEWAY_RECEIPT_TOKEN must be at least 32 characters (a random secret shared with the gateway)'),
    ),
  ),
  SMS_SENDER: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{1,11}$/, 'SMS_SENDER must be 1 to 11 letters or digits (an alphanumeric sender id)')),
    'Guichet',
  ),
  SMS_FOLD_ACCENTS: v.optional(yesNo('SMS_FOLD_ACCENTS'), 'false'),
  SMTP_URL: v.optional(v.pipe(v.string(), v.regex(/^smtps?:\/\/[^/]/, 'SMTP_URL must start with smtp:// or smtps:// followed by a host'))),
  MAIL_FROM: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
        'MAIL_FROM must be an address, optionally with a name: Guichet <guichet@example.fr>',
      ),
    ),
  ),
  ACCESSIBILITY_CONTACT_EMAIL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'ACCESSIBILITY_CONTACT_EMAIL must be an e-mail address: accessibilite@example.fr'),
    ),
  ),
  NOTIFICATION_WORKER: v.optional(yesNo('NOTIFICATION_WORKER'), 'true'),
  NOTIFICATION_MAX_ATTEMPTS: v.optional(wholeNumber('NOTIFICATION_MAX_ATTEMPTS', 1, 50), '6'),
  NOTIFICATION_RETRY_BASE_MS: v.optional(wholeNumber('NOTIFICATION_RETRY_BASE_MS', 10, 86_400_000), '30000'),
  NOTIFICATION_RETRY_MAX_MS: v.optional(wholeNumber('NOTIFICATION_RETRY_MAX_MS', 10, 86_400_000), '3600000'),
  NOTIFICATION_POLL_INTERVAL_MS: v.optional(wholeNumber('NOTIFICATION_POLL_INTERVAL_MS', 10, 600_000), '1000'),
  NOTIFICATION_LEASE_SECONDS: v.optional(wholeNumber('NOTIFICATION_LEASE_SECONDS', 1, 3600), '60'),
  SHUTDOWN_GRACE_SECONDS: v.optional(wholeNumber('SHUTDOWN_GRACE_SECONDS', 0, 600), '20'),
  METRICS_TOKEN: v.optional(v.pipe(v.string(), v.minLength(32, 'METRICS_TOKEN must be at least 32 characters (a random secret)'))),
  DOCUMENT_MAX_BYTES: v.optional(wholeNumber('DOCUMENT_MAX_BYTES', 1024, 1024 * 1024 * 1024), String(20 * 1024 * 1024)),
  DOCUMENT_MASTER_KEY: v.optional(masterKey('DOCUMENT_MASTER_KEY')),
  DOCUMENT_MASTER_KEY_ID: v.optional(
    v.pipe(v.string(), v.regex(keyIdPattern, 'DOCUMENT_MASTER_KEY_ID must be 1 to 32 letters, digits, - or _')),
    'main',
  ),
  DOCUMENT_PREVIOUS_MASTER_KEYS: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44})*$/,
        'DOCUMENT_PREVIOUS_MASTER_KEYS must be id:base64key pairs separated by commas',
      ),
    ),
  ),
  DOCUMENT_STORAGE: v.optional(v.picklist(['local', 's3'], 'DOCUMENT_STORAGE must be local or s3'), 'local'),
  DOCUMENT_STORAGE_DIR: v.optional(v.pipe(v.string(), v.nonEmpty('DOCUMENT_STORAGE_DIR must not be empty'))),
  DOCUMENT_STAGING_DIR: v.optional(v.pipe(v.string(), v.nonEmpty('DOCUMENT_STAGING_DIR must not be empty'))),
  DOCUMENT_S3_BUCKET: v.optional(v.pipe(v.string(), v.nonEmpty('DOCUMENT_S3_BUCKET must not be empty'))),
  DOCUMENT_S3_REGION: v.optional(v.pipe(v.string(), v.nonEmpty('DOCUMENT_S3_REGION must not be empty')), 'us-east-1'),
  DOCUMENT_S3_ENDPOINT: v.optional(
    v.pipe(v.string(), v.url('DOCUMENT_S3_ENDPOINT must be an absolute URL such as https://s3.fr-par.scw.cloud')),
  ),
  DOCUMENT_S3_ACCESS_KEY_ID: v.optional(v.pipe(v.string(), v.nonEmpty('DOCUMENT_S3_ACCESS_KEY_ID must not be empty'))),
  DOCUMENT_S3_SECRET_ACCESS_KEY: v.optional(v.pipe(v.string(), v.nonEmpty('DOCUMENT_S3_SECRET_ACCESS_KEY must not be empty'))),
  DOCUMENT_S3_FORCE_PATH_STYLE: v.optional(yesNo('DOCUMENT_S3_FORCE_PATH_STYLE'), 'false'),
  DOCUMENT_S3_PREFIX: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9/_-]*$/, 'DOCUMENT_S3_PREFIX must be letters, digits, /, - or _')),
    '',
  ),
  DOCUMENT_ANTIVIRUS: v.optional(v.picklist(['none', 'clamd'], 'DOCUMENT_ANTIVIRUS must be none or clamd'), 'none'),
  CLAMD_HOST: v.optional(v.pipe(v.string(), v.nonEmpty('CLAMD_HOST must not be empty')), '127.0.0.1'),
  CLAMD_PORT: v.optional(wholeNumber('CLAMD_PORT', 1, 65535), '3310'),
  CLAMD_TIMEOUT_MS: v.optional(wholeNumber('CLAMD_TIMEOUT_MS', 100, 600_000), '60000'),
  DOCUMENT_EXPIRY_REMINDER_DAYS: v.optional(wholeNumber('DOCUMENT_EXPIRY_REMINDER_DAYS', 1, 365), '30'),
});

/** Rules that tie several variables together, checked once each one is valid on its own. */
const configurationSchema = v.pipe(
  environmentSchema,
  v.forward(
    v.check((env) => !env.SMS_GATEWAY_URL || env.SMS_GATEWAY_TOKEN !== undefined, 'SMS_GATEWAY_TOKEN must be set when SMS_GATEWAY_URL is'),
    ['SMS_GATEWAY_TOKEN'],
  ),
  v.forward(
    v.check(
      (env) => env.NODE_ENV !== 'production' || !env.SMS_GATEWAY_URL || env.SMS_GATEWAY_URL.protocol === 'https:',
      'SMS_GATEWAY_URL must use https in production: the messages carry verification codes',
    ),
    ['SMS_GATEWAY_URL'],
  ),
  v.forward(
    v.check(
      (env) => !env.SMS_GATEWAY_RECEIPT_TOKEN || env.SMS_GATEWAY_URL !== undefined,
      'SMS_GATEWAY_RECEIPT_TOKEN is for an SMS gateway: set SMS_GATEWAY_URL too',
    ),
    ['SMS_GATEWAY_RECEIPT_TOKEN'],
  ),
);

/** Never repeated in an error message: a secret pasted in the wrong variable must not reach the logs. */
const secretVariable = /TOKEN|SECRET|PASSWORD|PRIVATE_KEY|MASTER_KEY|^SMTP_URL$|^DATABASE_URL$|^DATABASE_MIGRATION_URL$|^SMS_GATEWAY_URL$/;

/** The same eleven variables for each client, `CITIZEN_OIDC_…` and `AGENT_OIDC_…`. */
function relyingPartyVariables(prefix: 'CITIZEN' | 'AGENT'): Record<string, v.GenericSchema<unknown, string | undefined>> {
  const name = (suffix: string) => `${prefix}_OIDC_${suffix}`;
  const url = (suffix: string) => v.optional(v.pipe(v.string(), v.url(`${name(suffix)} must be an absolute URL`)));
  const alg = (suffix: string) => v.optional(v.picklist(['ES256', 'RS256'], `${name(suffix)} must be ES256 or RS256`));
  const text = (suffix: string) => v.optional(v.pipe(v.string(), v.nonEmpty(`${name(suffix)} must not be empty`)));
  return {
    [name('ISSUER')]: url('ISSUER'),
    [name('CLIENT_ID')]: text('CLIENT_ID'),
    [name('CLIENT_SECRET')]: text('CLIENT_SECRET'),
    [name('PRIVATE_KEY_JWK')]: text('PRIVATE_KEY_JWK'),
    [name('REDIRECT_URI')]: url('REDIRECT_URI'),
    [name('POST_LOGOUT_REDIRECT_URI')]: url('POST_LOGOUT_REDIRECT_URI'),
    [name('SCOPES')]: text('SCOPES'),
    [name('ACR_VALUES')]: text('ACR_VALUES'),
    [name('ID_TOKEN_ALG')]: alg('ID_TOKEN_ALG'),
    [name('USERINFO_ALG')]: alg('USERINFO_ALG'),
    [name('PROVIDER_NAME')]: text('PROVIDER_NAME'),
  };
}

const projectRoot = path.resolve(import.meta.dirname, '../..');

/** Reads and checks the environment; throws a `ConfigError` that lists every bad value at once. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const result = v.safeParse(configurationSchema, environment, { abortPipeEarly: true });
  if (!result.success) {
    throw new ConfigError(
      result.issues.map((issue) => {
        const name = issue.path?.[0]?.key;
        const got = typeof name === 'string' && !secretVariable.test(name) ? environment[name] : undefined;
        return got === undefined ? issue.message : `${issue.message} (got "${got}")`;
      }),
    );
  }
  const env = result.output;
  if (env.DATA_CONNECTOR === 'api_particulier' && (!env.API_PARTICULIER_URL || !env.API_PARTICULIER_TOKEN)) {
    throw new ConfigError(['DATA_CONNECTOR=api_particulier needs API_PARTICULIER_URL and API_PARTICULIER_TOKEN']);
  }
  if (env.DATABASE_MIGRATION_URL && !env.DATABASE_URL) {
    throw new ConfigError(['DATABASE_MIGRATION_URL is for PostgreSQL: set DATABASE_URL too (the role the app runs as)']);
  }
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.DATA_DIR);
  const distDir = path.join(projectRoot, 'dist');
  const publicUrl = new URL(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`);
  const devIdpIssuer = new URL('/dev-idp', publicUrl);
  const problems: string[] = [];
  const citizen = relyingParty(env, 'CITIZEN', {
    publicUrl,
    devIdpIssuer,
    callbackPath: '/auth',
    scopes: citizenScopes,
    providerName: 'FranceConnect',
    problems,
  });
  const agent = relyingParty(env, 'AGENT', {
    publicUrl,
    devIdpIssuer,
    callbackPath: '/agent/auth',
    scopes: agentScopes,
    providerName: 'ProConnect',
    problems,
  });
  const devIdpNeeded = citizen.bundled || agent.bundled;
  if (devIdpNeeded && env.DEV_IDP_ENABLED === false) {
    problems.push('DEV_IDP_ENABLED is false, so CITIZEN_OIDC_ISSUER and AGENT_OIDC_ISSUER must both be set');
  } else if (devIdpNeeded && production && env.DEV_IDP_ENABLED !== true) {
    problems.push(
      'No identity provider is configured (CITIZEN_OIDC_ISSUER, AGENT_OIDC_ISSUER) and the development provider, whose personas anyone can pick, does not start in production unless DEV_IDP_ENABLED=true',
    );
  }
  const documents = documentsConfig(env, production, dataDir, problems);
  // Phone verification's own limits became the limits of every SMS a visitor asks for: say so rather than ignore them.
  for (const suffix of ['MAX_PER_NUMBER', 'MAX_PER_ADDRESS', 'WINDOW_MINUTES']) {
    const replaced = `PHONE_VERIFICATION_${suffix}`;
    if (environment[replaced] !== undefined) {
      problems.push(
        `${replaced} is now ${suffix === 'WINDOW_MINUTES' ? 'SMS_LIMIT_WINDOW_MINUTES' : `SMS_${suffix}`}, which limits every SMS a visitor asks for`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: env.PORT,
    host: env.HOST,
    publicUrl,
    production,
    trustedProxies: env.TRUSTED_PROXIES ?? false,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, migrationUrl: env.DATABASE_MIGRATION_URL, schema: env.DATABASE_SCHEMA }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    clientDir: path.join(distDir, 'client'),
    pagesDir: path.join(distDir, 'pages'),
    ssrEntry: path.join(distDir, 'ssr', 'entry-server.js'),
    seedDemoData: env.SEED_DEMO_DATA ?? !production,
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
    metricsToken: env.METRICS_TOKEN,
    callbackRateLimit: { max: env.CALLBACK_RATE_LIMIT_MAX, windowMinutes: env.CALLBACK_RATE_LIMIT_WINDOW_MINUTES },
    callbacks: {
      maxPerPhone: env.CALLBACK_MAX_PER_PHONE,
      windowMinutes: env.CALLBACK_RATE_LIMIT_WINDOW_MINUTES,
      maxAttempts: env.CALLBACK_MAX_ATTEMPTS,
      retryMinutes: env.CALLBACK_RETRY_MINUTES,
    },
    linkSigningSecret: env.LINK_SIGNING_SECRET,
    visit: {
      bookingDays: env.VISIT_BOOKING_DAYS,
      changeUntilHours: env.VISIT_CHANGE_UNTIL_HOURS,
      reminderHours: env.VISIT_REMINDER_HOURS,
      minimumNoticeMinutes: env.VISIT_MINIMUM_NOTICE_MINUTES,
      reminderIntervalSeconds: env.VISIT_REMINDER_INTERVAL_SECONDS,
      geocoder: env.VISIT_GEOCODER,
      rateLimit: { max: env.VISIT_RATE_LIMIT_MAX, windowMinutes: env.VISIT_RATE_LIMIT_WINDOW_MINUTES },
    },
    dataConnector:
      env.DATA_CONNECTOR === 'api_particulier' && env.API_PARTICULIER_URL && env.API_PARTICULIER_TOKEN
        ? { kind: 'api_particulier', url: new URL(env.API_PARTICULIER_URL), token: env.API_PARTICULIER_TOKEN }
        : { kind: 'sandbox' },
    loginRateLimit: { max: env.LOGIN_RATE_LIMIT_MAX, windowMinutes: env.LOGIN_RATE_LIMIT_WINDOW_MINUTES },
    sessions: { idleMinutes: env.SESSION_IDLE_MINUTES, absoluteHours: env.SESSION_ABSOLUTE_HOURS, cacheSeconds: env.SESSION_CACHE_SECONDS },
    devIdp: { enabled: devIdpNeeded, issuer: devIdpIssuer },
    oidc: { citizen, agent },
    sms: {
      allowedCountries: env.SMS_ALLOWED_COUNTRIES,
      maxPerNumber: env.SMS_MAX_PER_NUMBER,
      maxPerAddress: env.SMS_MAX_PER_ADDRESS,
      windowMinutes: env.SMS_LIMIT_WINDOW_MINUTES,
    },
    accessibilityContactEmail: env.ACCESSIBILITY_CONTACT_EMAIL ?? (production ? undefined : 'accessibilite@guichet.test'),
    notifications: notificationsConfig(env, production, publicUrl),
    documents,
  };
}

/** Known to everyone who reads this file: fine on a laptop, refused in production. */
const developmentMasterKey = createHash('sha256').update('guichet development document key, never for production').digest();

function documentsConfig(
  env: v.InferOutput<typeof environmentSchema>,
  production: boolean,
  dataDir: string,
  problems: string[],
): DocumentsConfig {
  if (production && !env.DOCUMENT_MASTER_KEY) {
    problems.push('DOCUMENT_MASTER_KEY must be set in production: documents are encrypted with it (openssl rand -base64 32)');
  }
  const current = {
    id: env.DOCUMENT_MASTER_KEY ? env.DOCUMENT_MASTER_KEY_ID : 'development',
    key: env.DOCUMENT_MASTER_KEY ?? developmentMasterKey,
  };
  const byId = new Map<string, Buffer>([[current.id, current.key]]);
  for (const pair of env.DOCUMENT_PREVIOUS_MASTER_KEYS?.split(',') ?? []) {
    const [id = '', key = ''] = pair.split(':');
    const bytes = Buffer.from(key, 'base64');
    if (bytes.length !== 32) problems.push(`DOCUMENT_PREVIOUS_MASTER_KEYS: the key of ${id} must be 32 bytes in base64`);
    if (!byId.has(id)) byId.set(id, bytes);
  }
  let storage: DocumentsConfig['storage'] = {
    kind: 'local',
    dir: path.resolve(env.DOCUMENT_STORAGE_DIR ?? path.join(dataDir, 'documents')),
  };
  if (env.DOCUMENT_STORAGE === 's3') {
    const missing = (['DOCUMENT_S3_BUCKET', 'DOCUMENT_S3_ACCESS_KEY_ID', 'DOCUMENT_S3_SECRET_ACCESS_KEY'] as const).filter(
      (name) => !env[name],
    );
    if (missing.length > 0) problems.push(`DOCUMENT_STORAGE=s3 needs ${missing.join(', ')}`);
    storage = {
      kind: 's3',
      bucket: env.DOCUMENT_S3_BUCKET ?? '',
      region: env.DOCUMENT_S3_REGION,
      endpoint: env.DOCUMENT_S3_ENDPOINT,
      accessKeyId: env.DOCUMENT_S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.DOCUMENT_S3_SECRET_ACCESS_KEY ?? '',
      forcePathStyle: env.DOCUMENT_S3_FORCE_PATH_STYLE,
      prefix: env.DOCUMENT_S3_PREFIX,
    };
  }
  return {
    maxBytes: env.DOCUMENT_MAX_BYTES,
    masterKeys: { current, byId },
    developmentKey: !env.DOCUMENT_MASTER_KEY,
    storage,
    stagingDir: path.resolve(env.DOCUMENT_STAGING_DIR ?? path.join(dataDir, 'document-uploads')),
    antivirus:
      env.DOCUMENT_ANTIVIRUS === 'clamd'
        ? { kind: 'clamd', host: env.CLAMD_HOST, port: env.CLAMD_PORT, timeoutMs: env.CLAMD_TIMEOUT_MS }
        : { kind: 'none' },
    expiryReminderDays: env.DOCUMENT_EXPIRY_REMINDER_DAYS,
  };
}

function notificationsConfig(env: v.InferOutput<typeof environmentSchema>, production: boolean, publicUrl: URL): Config['notifications'] {
  const senders: NotificationSendersConfig = {
    sms:
      env.SMS_GATEWAY_URL && env.SMS_GATEWAY_TOKEN
        ? {
            adapter: 'gateway',
            url: env.SMS_GATEWAY_URL,
            token: env.SMS_GATEWAY_TOKEN,
            sender: env.SMS_SENDER,
            timeoutMs: env.SMS_GATEWAY_TIMEOUT_MS,
          }
        : { adapter: 'inbox' },
    email: env.SMTP_URL
      ? { adapter: 'smtp', url: env.SMTP_URL, from: env.MAIL_FROM ?? `Guichet <no-reply@${publicUrl.hostname}>` }
      : { adapter: 'inbox' },
  };
  return {
    senders,
    workerEnabled: env.NOTIFICATION_WORKER,
    worker: {
      pollIntervalMs: env.NOTIFICATION_POLL_INTERVAL_MS,
      batchSize: 10,
      maxAttempts: env.NOTIFICATION_MAX_ATTEMPTS,
      retryBaseMs: env.NOTIFICATION_RETRY_BASE_MS,
      retryMaxMs: Math.max(env.NOTIFICATION_RETRY_BASE_MS, env.NOTIFICATION_RETRY_MAX_MS),
      // Renewed while a send is in flight, so only a silent (dead) worker loses its claim.
      leaseMs: env.NOTIFICATION_LEASE_SECONDS * 1000,
      foldAccents: env.SMS_FOLD_ACCENTS,
    },
    receiptToken: env.SMS_GATEWAY_RECEIPT_TOKEN,
    devInbox: !production && (senders.sms.adapter === 'inbox' || senders.email.adapter === 'inbox'),
  };
}

interface RelyingPartyDefaults {
  publicUrl: URL;
  devIdpIssuer: URL;
  callbackPath: string;
  scopes: string;
  providerName: string;
  problems: string[];
}

/**
 * One client's settings. Without an issuer it is a client of the bundled development provider,
 * with a secret made up at each start (both ends live in this process).
 */
function relyingParty(env: Record<string, unknown>, prefix: 'CITIZEN' | 'AGENT', defaults: RelyingPartyDefaults): RelyingPartyConfig {
  const read = (suffix: string) => env[`${prefix}_OIDC_${suffix}`] as string | undefined;
  const issuer = read('ISSUER');
  const bundled = issuer === undefined;
  const common = {
    redirectUri: new URL(read('REDIRECT_URI') ?? `${defaults.callbackPath}/callback`, defaults.publicUrl),
    postLogoutRedirectUri: new URL(read('POST_LOGOUT_REDIRECT_URI') ?? `${defaults.callbackPath}/signed-out`, defaults.publicUrl),
    scopes: read('SCOPES') ?? defaults.scopes,
    acrValues: read('ACR_VALUES') ?? 'eidas1',
    providerName: read('PROVIDER_NAME') ?? defaults.providerName,
  };
  if (bundled) {
    return {
      ...common,
      bundled,
      issuer: defaults.devIdpIssuer,
      clientId: `guichet-${prefix.toLowerCase()}`,
      clientAuth: { kind: 'client_secret_post', secret: randomBytes(32).toString('base64url') },
      idTokenAlg: 'ES256',
      userinfoAlg: 'ES256',
    };
  }
  const clientId = read('CLIENT_ID');
  const secret = read('CLIENT_SECRET');
  const privateKey = read('PRIVATE_KEY_JWK');
  if (!clientId) defaults.problems.push(`${prefix}_OIDC_CLIENT_ID must be set with ${prefix}_OIDC_ISSUER`);
  let clientAuth: RelyingPartyConfig['clientAuth'] = { kind: 'client_secret_post', secret: secret ?? '' };
  if (privateKey) {
    try {
      clientAuth = { kind: 'private_key_jwt', jwk: JSON.parse(privateKey) as JsonWebKey };
    } catch {
      defaults.problems.push(`${prefix}_OIDC_PRIVATE_KEY_JWK must be a private key as JSON (a JWK)`);
    }
  } else if (!secret) {
    defaults.problems.push(`${prefix}_OIDC_CLIENT_SECRET or ${prefix}_OIDC_PRIVATE_KEY_JWK must be set with ${prefix}_OIDC_ISSUER`);
  }
  return {
    ...common,
    bundled,
    issuer: new URL(issuer),
    clientId: clientId ?? '',
    clientAuth,
    idTokenAlg: (read('ID_TOKEN_ALG') as 'ES256' | 'RS256' | undefined) ?? 'ES256',
    userinfoAlg: read('USERINFO_ALG') as 'ES256' | 'RS256' | undefined,
  };
}
