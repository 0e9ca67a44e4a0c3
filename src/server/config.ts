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
  /** Where pre-filled data (family quotient, tax household) comes from: the sandbox unless API Particulier is configured. */
  dataConnector: { kind: 'sandbox' } | { kind: 'api_particulier'; url: URL; token: string };
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
  DATA_CONNECTOR: v.optional(v.picklist(['sandbox', 'api_particulier'], 'DATA_CONNECTOR must be sandbox or api_particulier'), 'sandbox'),
  API_PARTICULIER_URL: v.optional(
    v.pipe(v.string(), v.url('API_PARTICULIER_URL must be an absolute URL such as https://particulier.api.gouv.fr')),
  ),
  API_PARTICULIER_TOKEN: v.optional(v.pipe(v.string(), v.minLength(16, 'API_PARTICULIER_TOKEN must be at least 16 characters'))),
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
  if (env.DATA_CONNECTOR === 'api_particulier' && (!env.API_PARTICULIER_URL || !env.API_PARTICULIER_TOKEN)) {
    throw new ConfigError(['DATA_CONNECTOR=api_particulier needs API_PARTICULIER_URL and API_PARTICULIER_TOKEN']);
  }
  const production = env.NODE_ENV === 'production';
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
    dataConnector:
      env.DATA_CONNECTOR === 'api_particulier' && env.API_PARTICULIER_URL && env.API_PARTICULIER_TOKEN
        ? { kind: 'api_particulier', url: new URL(env.API_PARTICULIER_URL), token: env.API_PARTICULIER_TOKEN }
        : { kind: 'sandbox' },
  };
}
