import path from 'node:path';
import * as v from 'valibot';

/**
 * Everything the server reads from the environment, checked once at start so that a bad value
 * stops it with a sentence naming the variable, not with a stack trace an hour later.
 */
export interface Config {
  port: number;
  host: string;
  publicUrl: URL;
  production: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  database: { kind: 'pglite'; dataDir: string | undefined } | { kind: 'postgres'; url: string; schema: string | undefined };
  dataDir: string;
  clientDir: string;
  pagesDir: string;
  ssrEntry: string;
  seedDemoData: boolean;
  callbackRateLimit: { max: number; windowMinutes: number };
  visit: {
    bookingDays: number;
    changeUntilHours: number;
    reminderHours: number;
    minimumNoticeMinutes: number;
    reminderIntervalSeconds: number;
    linkSecret: string;
    geocoder: 'demo' | 'api-adresse';
    rateLimit: { max: number; windowMinutes: number };
  };
}

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

const environmentSchema = v.object({
  PORT: v.optional(wholeNumber('PORT', 0, 65535), '8080'),
  HOST: v.optional(v.pipe(v.string(), v.nonEmpty('HOST must not be empty')), 'localhost'),
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('PUBLIC_URL must be an absolute URL such as https://guichet.example.fr'))),
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
  DATABASE_SCHEMA: v.optional(v.pipe(v.string(), v.regex(/^[a-z_][a-z0-9_]*$/, 'DATABASE_SCHEMA must be a lower-case SQL identifier'))),
  DATA_DIR: v.optional(v.pipe(v.string(), v.nonEmpty('DATA_DIR must not be empty')), './data'),
  SEED_DEMO_DATA: v.optional(yesNo('SEED_DEMO_DATA')),
  CALLBACK_RATE_LIMIT_MAX: v.optional(wholeNumber('CALLBACK_RATE_LIMIT_MAX', 1, 100000), '10'),
  CALLBACK_RATE_LIMIT_WINDOW_MINUTES: v.optional(wholeNumber('CALLBACK_RATE_LIMIT_WINDOW_MINUTES', 1, 1440), '60'),
  VISIT_BOOKING_DAYS: v.optional(wholeNumber('VISIT_BOOKING_DAYS', 1, 366), '28'),
  VISIT_CHANGE_UNTIL_HOURS: v.optional(wholeNumber('VISIT_CHANGE_UNTIL_HOURS', 0, 720), '4'),
  VISIT_REMINDER_HOURS: v.optional(wholeNumber('VISIT_REMINDER_HOURS', 1, 720), '48'),
  VISIT_MINIMUM_NOTICE_MINUTES: v.optional(wholeNumber('VISIT_MINIMUM_NOTICE_MINUTES', 0, 10080), '60'),
  VISIT_REMINDER_INTERVAL_SECONDS: v.optional(wholeNumber('VISIT_REMINDER_INTERVAL_SECONDS', 0, 86400), '300'),
  VISIT_LINK_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'VISIT_LINK_SECRET must be at least 32 characters'))),
  VISIT_GEOCODER: v.optional(v.picklist(['demo', 'api-adresse'], 'VISIT_GEOCODER must be demo or api-adresse'), 'demo'),
  VISIT_RATE_LIMIT_MAX: v.optional(wholeNumber('VISIT_RATE_LIMIT_MAX', 1, 100000), '10'),
  VISIT_RATE_LIMIT_WINDOW_MINUTES: v.optional(wholeNumber('VISIT_RATE_LIMIT_WINDOW_MINUTES', 1, 1440), '60'),
});

const projectRoot = path.resolve(import.meta.dirname, '../..');

/** Reads and checks the environment; throws a `ConfigError` that lists every bad value at once. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const result = v.safeParse(environmentSchema, environment, { abortPipeEarly: true });
  if (!result.success) {
    throw new ConfigError(
      result.issues.map((issue) => {
        const name = issue.path?.[0]?.key;
        const got = typeof name === 'string' ? environment[name] : undefined;
        return got === undefined ? issue.message : `${issue.message} (got "${got}")`;
      }),
    );
  }
  const env = result.output;
  const production = env.NODE_ENV === 'production';
  // Manage links sent by SMS are derived from this secret: a known default would make them guessable.
  if (production && !env.VISIT_LINK_SECRET) {
    throw new ConfigError(['VISIT_LINK_SECRET must be set in production (32 characters or more, e.g. openssl rand -base64 48)']);
  }
  const dataDir = path.resolve(env.DATA_DIR);
  const distDir = path.join(projectRoot, 'dist');
  return {
    port: env.PORT,
    host: env.HOST,
    publicUrl: new URL(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`),
    production,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    clientDir: path.join(distDir, 'client'),
    pagesDir: path.join(distDir, 'pages'),
    ssrEntry: path.join(distDir, 'ssr', 'entry-server.js'),
    seedDemoData: env.SEED_DEMO_DATA ?? !production,
    callbackRateLimit: { max: env.CALLBACK_RATE_LIMIT_MAX, windowMinutes: env.CALLBACK_RATE_LIMIT_WINDOW_MINUTES },
    visit: {
      bookingDays: env.VISIT_BOOKING_DAYS,
      changeUntilHours: env.VISIT_CHANGE_UNTIL_HOURS,
      reminderHours: env.VISIT_REMINDER_HOURS,
      minimumNoticeMinutes: env.VISIT_MINIMUM_NOTICE_MINUTES,
      reminderIntervalSeconds: env.VISIT_REMINDER_INTERVAL_SECONDS,
      linkSecret: env.VISIT_LINK_SECRET ?? 'development-only-visit-link-secret-not-for-production',
      geocoder: env.VISIT_GEOCODER,
      rateLimit: { max: env.VISIT_RATE_LIMIT_MAX, windowMinutes: env.VISIT_RATE_LIMIT_WINDOW_MINUTES },
    },
  };
}
