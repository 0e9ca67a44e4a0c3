import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

/** The problems `loadConfig` reports for an environment, or none when it starts. */
function problems(environment: Record<string, string>): string[] {
  try {
    loadConfig(environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('starts with no variables at all, on PGlite in ./data, port 8080', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: 'localhost',
      production: false,
      logLevel: 'info',
      seedDemoData: true,
      dataDir: path.resolve('data'),
      database: { kind: 'pglite', dataDir: path.join(path.resolve('data'), 'pglite') },
      callbackRateLimit: { max: 10, windowMinutes: 60 },
    });
    expect(config.publicUrl.href).toBe('http://localhost:8080/');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '3000',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://guichet.example.fr',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: 'postgres://guichet:secret@db:5432/guichet',
      DATABASE_SCHEMA: 'mairie_1',
      DATA_DIR: '/var/lib/guichet',
      SEED_DEMO_DATA: 'yes',
      CALLBACK_RATE_LIMIT_MAX: '3',
      CALLBACK_RATE_LIMIT_WINDOW_MINUTES: '15',
      DEV_IDP_ENABLED: 'true',
      DOCUMENT_MASTER_KEY: 'Z3VpY2hldC10ZXN0LW1hc3Rlci1rZXktMzItYnl0ZXM=',
    });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      production: true,
      logLevel: 'warn',
      seedDemoData: true,
      dataDir: '/var/lib/guichet',
      database: { kind: 'postgres', url: 'postgres://guichet:secret@db:5432/guichet', schema: 'mairie_1' },
      callbackRateLimit: { max: 3, windowMinutes: 15 },
    });
    expect(config.publicUrl.href).toBe('https://guichet.example.fr/');
  });

  it('does not seed demo data in production unless asked, and is quiet in tests', () => {
    // The development identity provider must be asked for explicitly in production.
    const production = {
      NODE_ENV: 'production',
      DEV_IDP_ENABLED: 'true',
      DOCUMENT_MASTER_KEY: 'Z3VpY2hldC10ZXN0LW1hc3Rlci1rZXktMzItYnl0ZXM=',
    };
    expect(loadConfig(production).seedDemoData).toBe(false);
    expect(loadConfig({ ...production, SEED_DEMO_DATA: 'true' }).seedDemoData).toBe(true);
    expect(loadConfig({ SEED_DEMO_DATA: '0' }).seedDemoData).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it('follows PORT in the default public URL', () => {
    expect(loadConfig({ PORT: '9090' }).publicUrl.href).toBe('http://localhost:9090/');
  });

  it.each([
    ['PORT', 'eighty', 'PORT must be a whole number (got "eighty")'],
    ['PORT', '-1', 'PORT must be a whole number (got "-1")'],
    ['PORT', '70000', 'PORT must be at most 65535 (got "70000")'],
    ['HOST', '', 'HOST must not be empty (got "")'],
    [
      'PUBLIC_URL',
      'guichet.example.fr',
      'PUBLIC_URL must be an absolute URL such as https://guichet.example.fr (got "guichet.example.fr")',
    ],
    ['NODE_ENV', 'staging', 'NODE_ENV must be development, production or test (got "staging")'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    ['DATABASE_SCHEMA', 'Guichet; drop', 'DATABASE_SCHEMA must be a lower-case SQL identifier (got "Guichet; drop")'],
    ['DATA_DIR', '', 'DATA_DIR must not be empty (got "")'],
    ['SEED_DEMO_DATA', 'maybe', 'SEED_DEMO_DATA must be true or false (got "maybe")'],
    ['CALLBACK_RATE_LIMIT_MAX', '0', 'CALLBACK_RATE_LIMIT_MAX must be at least 1 (got "0")'],
    ['CALLBACK_RATE_LIMIT_WINDOW_MINUTES', '1441', 'CALLBACK_RATE_LIMIT_WINDOW_MINUTES must be at most 1440 (got "1441")'],
  ])('a bad %s (%j) is named in one sentence', (name, value, message) => {
    expect(problems({ [name]: value })).toEqual([message]);
  });

  it('believes no proxy about the client’s address unless TRUSTED_PROXIES says which', () => {
    const production = {
      NODE_ENV: 'production',
      DEV_IDP_ENABLED: 'true',
      DOCUMENT_MASTER_KEY: 'Z3VpY2hldC10ZXN0LW1hc3Rlci1rZXktMzItYnl0ZXM=',
    };
    expect(loadConfig({}).trustedProxies).toBe(false);
    expect(loadConfig(production).trustedProxies).toBe(false);
    expect(loadConfig({ TRUSTED_PROXIES: '1' }).trustedProxies).toBe(1);
    expect(loadConfig({ TRUSTED_PROXIES: '127.0.0.1' }).trustedProxies).toEqual(['127.0.0.1']);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.5,::1, fd00::/8' }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      '::1',
      'fd00::/8',
    ]);
  });

  it.each(['', '0', '11', 'yes', 'true', 'nginx', '10.0.0', '127.0.0.1/33', '::1/129', '10.0.0.0/8/1', '127.0.0.1,', '1.5'])(
    'refuses TRUSTED_PROXIES=%j with a sentence saying what it takes',
    (value) => {
      expect(problems({ TRUSTED_PROXIES: value })).toEqual([
        `TRUSTED_PROXIES must be the number of proxies in front of Guichet (1 to 10, such as 1 behind one load balancer) or their addresses separated by commas (such as 127.0.0.1 or 10.0.0.0/8,192.168.1.5) (got ${JSON.stringify(value)})`,
      ]);
    },
  );

  it('never repeats a bad DATABASE_URL, which may hold a password', () => {
    expect(problems({ DATABASE_URL: 'postgress://guichet:s3cret@db/guichet' })).toEqual([
      'DATABASE_URL must start with postgres:// or postgresql://',
    ]);
  });

  it('lists every problem at once, in a message that names each variable', () => {
    let thrown: unknown;
    try {
      loadConfig({ PORT: 'x', NODE_ENV: 'prod', DATABASE_URL: 'sqlite://file', CALLBACK_RATE_LIMIT_MAX: '0' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const { message, problems: listed } = thrown as ConfigError;
    expect(listed).toHaveLength(4);
    expect(message).toMatch(/^Guichet cannot start, the configuration has 4 problem\(s\):\n- /);
    for (const name of ['PORT', 'NODE_ENV', 'DATABASE_URL', 'CALLBACK_RATE_LIMIT_MAX']) {
      expect(message).toContain(`- ${name} must`);
    }
    expect(message).not.toMatch(/\bat \w+ \(/);
  });

  it('sends SMS to France and its overseas numbers by default, to the calling codes SMS_ALLOWED_COUNTRIES lists otherwise', () => {
    expect(loadConfig({}).sms).toEqual({
      allowedCountries: ['+33', '+262', '+508', '+590', '+594', '+596', '+681', '+687', '+689'],
      maxPerNumber: 5,
      maxPerAddress: 20,
      windowMinutes: 60,
    });
    expect(loadConfig({ SMS_ALLOWED_COUNTRIES: '+33,+32', SMS_MAX_PER_NUMBER: '2' }).sms).toMatchObject({
      allowedCountries: ['+33', '+32'],
      maxPerNumber: 2,
    });
    expect(problems({ SMS_ALLOWED_COUNTRIES: 'FR,BE', SMS_MAX_PER_ADDRESS: '0' })).toEqual([
      'SMS_ALLOWED_COUNTRIES must be country calling codes separated by commas, such as +33,+262,+590 (got "FR,BE")',
      'SMS_MAX_PER_ADDRESS must be at least 1 (got "0")',
    ]);
  });

  it('names the variable that replaced a phone-verification limit instead of ignoring it', () => {
    expect(problems({ PHONE_VERIFICATION_MAX_PER_NUMBER: '3' })).toEqual([
      'PHONE_VERIFICATION_MAX_PER_NUMBER is now SMS_MAX_PER_NUMBER, which limits every SMS a visitor asks for',
    ]);
  });

  it('ignores variables it does not use', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root', TERM: 'dumb' })).not.toThrow();
  });
});
