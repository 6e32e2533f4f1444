import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config, type ProgramConfig } from './config.js';

const DEFAULTS: Config = {
  dataDir: './.fidelis/db',
  memory: false,
  poolSize: 12,
  host: '127.0.0.1',
  port: 3000,
  checkResponses: false,
  rateLimitPerMinute: 6000,
  logLevel: 'info',
  bodyLimitBytes: 1_048_576,
  feedbackQuietDays: 30,
  followUpDueHours: 48,
  jobIntervals: {},
  clvDiscountRate: 0.1,
  webhookBatchSize: 200,
  webhookTimeoutMs: 10_000,
  webhookLeaseMs: 60_000,
  webhookMaxAttempts: 8,
  webhookRetryBaseMs: 5_000,
  webhookRetryCapMs: 3_600_000,
  webhookSecretGraceHours: 24,
  contactQuietDays: 7,
  mailFrom: 'Fidelis <loyalty@localhost>',
  program: {
    currencies: ['EUR', 'USD', 'GBP'],
    pointsPerMajorUnit: 1,
    pointValueMinor: 1,
    returnWindowDays: 30,
    expiryMonths: 12,
    clawbackPolicy: 'negative',
  },
};

/** The ConfigError message loadConfig throws for `env` (fails the test if it does not throw one). */
function configError(env: Record<string, string>, overrides: Partial<Config> = {}): string {
  try {
    loadConfig(env, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected loadConfig(${JSON.stringify(env)}) to throw`);
}

describe('loadConfig: defaults', () => {
  it('with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toStrictEqual(DEFAULTS);
    expect('databaseUrl' in config).toBe(false);
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ HOME: '/root', FIDELIS_UNKNOWN: 'x', NODE_ENV: 'production' })).toStrictEqual(DEFAULTS);
  });

  it('treats blank variables as unset rather than coercing them to 0', () => {
    expect(
      loadConfig({
        PORT: '',
        HOST: '',
        DATABASE_URL: '',
        FIDELIS_DATA_DIR: '',
        FIDELIS_POOL_SIZE: ' ',
        LOG_LEVEL: '',
        FIDELIS_BODY_LIMIT_BYTES: '',
        FIDELIS_CURRENCIES: '',
        FIDELIS_POINTS_PER_MAJOR_UNIT: '',
        FIDELIS_RETURN_WINDOW_DAYS: '  ',
        FIDELIS_EXPIRY_MONTHS: '',
        FIDELIS_CLAWBACK_POLICY: '',
      }),
    ).toStrictEqual(DEFAULTS);
  });
});

describe('loadConfig: environment', () => {
  it.each<[string, Record<string, string>, (config: Config) => unknown, unknown]>([
    ['PORT', { PORT: '8080' }, (c) => c.port, 8080],
    ['PORT 0 (any free port)', { PORT: '0' }, (c) => c.port, 0],
    ['PORT upper bound', { PORT: '65535' }, (c) => c.port, 65535],
    ['PORT with spaces', { PORT: ' 8081 ' }, (c) => c.port, 8081],
    ['HOST', { HOST: '0.0.0.0' }, (c) => c.host, '0.0.0.0'],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://fidelis:secret@db:5432/fidelis' }, (c) => c.databaseUrl, 'postgres://fidelis:secret@db:5432/fidelis'],
    ['FIDELIS_DATA_DIR', { FIDELIS_DATA_DIR: '/var/lib/fidelis' }, (c) => c.dataDir, '/var/lib/fidelis'],
    ['FIDELIS_MEMORY=1', { FIDELIS_MEMORY: '1' }, (c) => c.memory, true],
    ['FIDELIS_MEMORY=true', { FIDELIS_MEMORY: 'true' }, (c) => c.memory, true],
    ['FIDELIS_MEMORY=0', { FIDELIS_MEMORY: '0' }, (c) => c.memory, false],
    ['FIDELIS_MEMORY=false', { FIDELIS_MEMORY: 'false' }, (c) => c.memory, false],
    ['FIDELIS_MEMORY=yes', { FIDELIS_MEMORY: 'yes' }, (c) => c.memory, true],
    ['FIDELIS_CHECK_RESPONSES=1', { FIDELIS_CHECK_RESPONSES: '1' }, (c) => c.checkResponses, true],
    ['FIDELIS_POOL_SIZE', { FIDELIS_POOL_SIZE: '50' }, (c) => c.poolSize, 50],
    ['LOG_LEVEL', { LOG_LEVEL: 'debug' }, (c) => c.logLevel, 'debug'],
    ['FIDELIS_BODY_LIMIT_BYTES', { FIDELIS_BODY_LIMIT_BYTES: '65536' }, (c) => c.bodyLimitBytes, 65_536],
    ['FIDELIS_CURRENCIES', { FIDELIS_CURRENCIES: 'EUR,JPY,KWD' }, (c) => c.program.currencies, ['EUR', 'JPY', 'KWD']],
    ['FIDELIS_CURRENCIES trimmed, upper-cased, empty items dropped', { FIDELIS_CURRENCIES: ' eur, usd ,,jpy, ' }, (c) => c.program.currencies, ['EUR', 'USD', 'JPY']],
    ['FIDELIS_CURRENCIES single', { FIDELIS_CURRENCIES: 'chf' }, (c) => c.program.currencies, ['CHF']],
    ['FIDELIS_CLAWBACK_POLICY=floor', { FIDELIS_CLAWBACK_POLICY: 'floor' }, (c) => c.program.clawbackPolicy, 'floor'],
    ['FIDELIS_CLAWBACK_POLICY=negative', { FIDELIS_CLAWBACK_POLICY: 'negative' }, (c) => c.program.clawbackPolicy, 'negative'],
    ['FIDELIS_POINTS_PER_MAJOR_UNIT', { FIDELIS_POINTS_PER_MAJOR_UNIT: '10' }, (c) => c.program.pointsPerMajorUnit, 10],
    ['FIDELIS_RETURN_WINDOW_DAYS=0', { FIDELIS_RETURN_WINDOW_DAYS: '0' }, (c) => c.program.returnWindowDays, 0],
    ['FIDELIS_RETURN_WINDOW_DAYS', { FIDELIS_RETURN_WINDOW_DAYS: '14' }, (c) => c.program.returnWindowDays, 14],
    ['FIDELIS_EXPIRY_MONTHS=0 (never expire)', { FIDELIS_EXPIRY_MONTHS: '0' }, (c) => c.program.expiryMonths, 0],
    ['FIDELIS_EXPIRY_MONTHS', { FIDELIS_EXPIRY_MONTHS: '120' }, (c) => c.program.expiryMonths, 120],
    ['FIDELIS_CONTACT_QUIET_DAYS', { FIDELIS_CONTACT_QUIET_DAYS: '14' }, (c) => c.contactQuietDays, 14],
  ])('%s', (_name, env, pick, expected) => {
    expect(pick(loadConfig(env))).toEqual(expected);
  });

  it('keeps the other program defaults when only one program variable is set', () => {
    expect(loadConfig({ FIDELIS_CLAWBACK_POLICY: 'floor' }).program).toStrictEqual({ ...DEFAULTS.program, clawbackPolicy: 'floor' });
  });

  it('reads everything at once', () => {
    expect(
      loadConfig({
        PORT: '4000',
        HOST: '::',
        FIDELIS_CURRENCIES: 'jpy',
        FIDELIS_POINTS_PER_MAJOR_UNIT: '2',
        FIDELIS_RETURN_WINDOW_DAYS: '7',
        FIDELIS_EXPIRY_MONTHS: '24',
        FIDELIS_CLAWBACK_POLICY: 'floor',
        FIDELIS_POINT_VALUE_MINOR: '0.5',
        FIDELIS_FEEDBACK_QUIET_DAYS: '14',
        FIDELIS_FOLLOW_UP_DUE_HOURS: '24',
        FIDELIS_PUBLIC_URL: 'https://loyalty.example',
      }),
    ).toStrictEqual({
      ...DEFAULTS,
      port: 4000,
      host: '::',
      feedbackQuietDays: 14,
      followUpDueHours: 24,
      publicUrl: 'https://loyalty.example',
      program: { currencies: ['JPY'], pointsPerMajorUnit: 2, pointValueMinor: 0.5, returnWindowDays: 7, expiryMonths: 24, clawbackPolicy: 'floor' },
    });
  });
});

describe('loadConfig: overrides', () => {
  it('win over the environment', () => {
    const config = loadConfig({ PORT: '8080', FIDELIS_DATA_DIR: '/env' }, { port: 9000, dataDir: '/flag', memory: true });
    expect(config.port).toBe(9000);
    expect(config.dataDir).toBe('/flag');
    expect(config.memory).toBe(true);
  });

  it('merge program settings field by field with the environment', () => {
    const config = loadConfig(
      { FIDELIS_CLAWBACK_POLICY: 'floor', FIDELIS_EXPIRY_MONTHS: '3' },
      { program: { expiryMonths: 6 } as ProgramConfig },
    );
    expect(config.program).toStrictEqual({ ...DEFAULTS.program, clawbackPolicy: 'floor', expiryMonths: 6 });
  });

  it('an override replaces a bad environment value instead of failing on it', () => {
    expect(loadConfig({ PORT: 'abc' }, { port: 3001 }).port).toBe(3001);
  });
});

describe('loadConfig: invalid values name the variable', () => {
  it.each([
    ['PORT', 'abc', 'port'],
    ['PORT', '70000', 'port'],
    ['PORT', '-1', 'port'],
    ['PORT', '80.5', 'port'],
    ['DATABASE_URL', 'not a url', 'databaseUrl'],
    ['FIDELIS_POOL_SIZE', '0', 'poolSize'],
    ['FIDELIS_POOL_SIZE', '201', 'poolSize'],
    ['LOG_LEVEL', 'verbose', 'logLevel'],
    ['FIDELIS_BODY_LIMIT_BYTES', '1mb', 'bodyLimitBytes'],
    ['FIDELIS_CLAWBACK_POLICY', 'never', 'program.clawbackPolicy'],
    ['FIDELIS_CLAWBACK_POLICY', 'FLOOR', 'program.clawbackPolicy'],
    ['FIDELIS_CURRENCIES', 'EURO', 'program.currencies.0'],
    ['FIDELIS_CURRENCIES', 'EUR,U$D', 'program.currencies.1'],
    ['FIDELIS_CURRENCIES', ' , ', 'program.currencies'],
    ['FIDELIS_CURRENCIES', 'EUR,XYZ', 'program.currencies.1'],
    ['FIDELIS_MEMORY', 'maybe', 'memory'],
    ['FIDELIS_POINTS_PER_MAJOR_UNIT', '0', 'program.pointsPerMajorUnit'],
    ['FIDELIS_POINTS_PER_MAJOR_UNIT', '1001', 'program.pointsPerMajorUnit'],
    ['FIDELIS_POINTS_PER_MAJOR_UNIT', 'one', 'program.pointsPerMajorUnit'],
    ['FIDELIS_RETURN_WINDOW_DAYS', '366', 'program.returnWindowDays'],
    ['FIDELIS_RETURN_WINDOW_DAYS', '-1', 'program.returnWindowDays'],
    ['FIDELIS_EXPIRY_MONTHS', '121', 'program.expiryMonths'],
    ['FIDELIS_EXPIRY_MONTHS', '1.5', 'program.expiryMonths'],
  ])('%s=%j → "%s (%s)"', (name, value, path) => {
    const message = configError({ [name]: value });
    expect(message).toMatch(/^Invalid configuration:\n/);
    expect(message).toContain(`\n  ${name} (${path}): `);
  });

  it('lists the allowed clawback policies', () => {
    const message = configError({ FIDELIS_CLAWBACK_POLICY: 'never' });
    expect(message).toContain('negative');
    expect(message).toContain('floor');
  });

  it('reports every bad variable, one per line', () => {
    const message = configError({ PORT: 'abc', FIDELIS_CLAWBACK_POLICY: 'never', FIDELIS_CURRENCIES: 'EURO', HOST: 'fine' });
    const lines = message.split('\n').slice(1);
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => line.trim().split(' ')[0]).sort()).toEqual(['FIDELIS_CLAWBACK_POLICY', 'FIDELIS_CURRENCIES', 'PORT']);
  });

  it('names the setting, not an environment variable, when the bad value came from an override', () => {
    const message = configError({ PORT: '8080' }, { port: 70_000 });
    expect(message).toContain('\n  port: ');
    expect(message).not.toContain('PORT');
    const programMessage = configError({ FIDELIS_CLAWBACK_POLICY: 'floor' }, { program: { clawbackPolicy: 'sometimes' } as unknown as ProgramConfig });
    expect(programMessage).toContain('\n  program.clawbackPolicy: ');
    expect(programMessage).not.toContain('FIDELIS_CLAWBACK_POLICY');
  });

  it('ConfigError is an Error', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(Error);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT \(port\)/);
  });
});

describe('webhook settings', () => {
  it('reads them from the environment', () => {
    const config = loadConfig({ FIDELIS_WEBHOOK_MAX_ATTEMPTS: '3', FIDELIS_WEBHOOK_TIMEOUT_MS: '500', FIDELIS_WEBHOOK_SECRET_GRACE_HOURS: '0' });
    expect([config.webhookMaxAttempts, config.webhookTimeoutMs, config.webhookSecretGraceHours]).toEqual([3, 500, 0]);
  });

  it('refuses a lease no longer than the send timeout, naming the variable', () => {
    expect(configError({ FIDELIS_WEBHOOK_LEASE_MS: '1000', FIDELIS_WEBHOOK_TIMEOUT_MS: '1000' })).toContain('FIDELIS_WEBHOOK_LEASE_MS (webhookLeaseMs): must be longer than webhookTimeoutMs');
  });
});

describe('job intervals', () => {
  it('reads FIDELIS_JOB_INTERVALS as job=duration pairs, off turning a job off', () => {
    expect(loadConfig({ FIDELIS_JOB_INTERVALS: 'journeys=10m, member-scores=off,messages=30s,tier-review=2h,referrals=1d' }).jobIntervals).toEqual({
      journeys: 600_000,
      'member-scores': 0,
      messages: 30_000,
      'tier-review': 7_200_000,
      referrals: 86_400_000,
    });
  });

  it('names the variable when a job or a duration is wrong', () => {
    expect(() => loadConfig({ FIDELIS_JOB_INTERVALS: 'journey=10m' })).toThrow(/FIDELIS_JOB_INTERVALS \(jobIntervals\.journey\): no job journey; the jobs are expire-points, /);
    expect(() => loadConfig({ FIDELIS_JOB_INTERVALS: 'journeys=10' })).toThrow(/FIDELIS_JOB_INTERVALS \(jobIntervals\.journeys\): must be a duration such as 30s/);
    expect(() => loadConfig({ FIDELIS_JOB_INTERVALS: 'journeys=0m' })).toThrow(ConfigError);
    expect(() => loadConfig({ FIDELIS_JOB_INTERVALS: 'journeys' })).toThrow(/FIDELIS_JOB_INTERVALS \(jobIntervals\): must be job=duration pairs/);
  });
});
