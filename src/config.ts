import { z } from 'zod';
import { JOB_NAMES, type JobName } from './worker/job-names.js';

const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));
const positiveInt = z.coerce.number().int().positive();

const DURATION_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A job's interval: `30s`, `10m`, `6h`, `1d` (or milliseconds), or `off` (0): the worker does not run it. */
const jobInterval = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const match = typeof value === 'string' ? /^(?:off|([1-9]\d*)([smhd]))$/.exec(value) : null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (match) return match[1] === undefined ? 0 : Number(match[1]) * DURATION_MS[match[2] as keyof typeof DURATION_MS];
  ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 10m, 6h or 1d, or off' });
  return z.NEVER;
});

const jobIntervals = z
  .record(z.string(), jobInterval, { error: 'must be job=duration pairs such as journeys=10m,member-scores=off' })
  .superRefine((intervals, ctx) => {
    for (const name of Object.keys(intervals)) {
      if (!(JOB_NAMES as readonly string[]).includes(name)) ctx.addIssue({ code: 'custom', path: [name], message: `no job ${name}; the jobs are ${JOB_NAMES.join(', ')}` });
    }
  })
  .transform((intervals) => intervals as Partial<Record<JobName, number>>);

/** One validated configuration object; nothing else in the code base reads process.env. */
export const configSchema = z.object({
  databaseUrl: z.string().url().optional(),
  /** Where the embedded PGlite database lives when DATABASE_URL is unset. */
  dataDir: z.string().min(1).default('./.fidelis/db'),
  /** Embedded database in memory only (tests, throw-away demos). */
  memory: z.boolean().default(false),
  // A few connections per core: more backends than cores only add switching (measured: 12 beat 24 by ~15 % on reads, 2 cores).
  poolSize: positiveInt.max(200).default(12),
  /** Requests per minute per API key; 0 turns the limit off. */
  rateLimitPerMinute: z.coerce.number().int().min(0).default(6000),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Check every response against its zod contract (tests); production trusts the typed handlers. */
  checkResponses: z.boolean().default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bodyLimitBytes: positiveInt.default(1_048_576),
  /** The address members reach the server at, for links in invitations; defaults to http://localhost:<port>. */
  publicUrl: z.string().url().optional(),
  /** Key for signed member links (survey invitations); unset, the server generates one and keeps it in the database. */
  tokenSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  /** A member is asked for feedback at most once in this many days, across all surveys. */
  feedbackQuietDays: z.coerce.number().int().min(0).max(3650).default(30),
  /** Staff contact a member proactively (call lists) at most once in this many days, across channels. */
  contactQuietDays: z.coerce.number().int().min(0).max(3650).default(7),
  /** A detractor's follow-up task is due this many hours after the answer. */
  followUpDueHours: z.coerce.number().int().min(1).max(24 * 90).default(48),
  /** Annual rate CLV discounts future spend at (0.1 = 10 % a year). */
  clvDiscountRate: z.coerce.number().min(0).max(1).default(0.1),
  /** Outbox events fanned out and deliveries claimed per dispatcher round; the claimed deliveries are sent concurrently. */
  webhookBatchSize: positiveInt.max(5000).default(200),
  /** A receiver that has not answered within this many milliseconds counts as a failed attempt. */
  webhookTimeoutMs: positiveInt.max(120_000).default(10_000),
  /** How long a claimed delivery stays reserved for the worker sending it; after a crash it comes due again then. */
  webhookLeaseMs: positiveInt.max(3_600_000).default(60_000),
  /** Attempts before a delivery is dead-lettered (replay brings it back). */
  webhookMaxAttempts: positiveInt.max(100).default(8),
  /** Retry n waits a random time up to min(cap, base × 2^(n−1)) ("full jitter"). */
  webhookRetryBaseMs: positiveInt.default(5_000),
  webhookRetryCapMs: positiveInt.default(3_600_000),
  /** After a secret rotation the previous secret keeps signing (beside the new one) for this many hours. */
  webhookSecretGraceHours: z.coerce.number().int().min(0).max(24 * 30).default(24),
  /** Where email goes, e.g. smtp://user:pass@mail.example.com:587; unset, messages stay queued until it is set. */
  smtpUrl: z.string().url().refine((url) => /^smtps?:/.test(url), 'must be an smtp:// or smtps:// URL').optional(),
  /** The From of every email, e.g. "Fidelis <loyalty@example.com>". */
  mailFrom: z.string().min(3).default('Fidelis <loyalty@localhost>'),
  /**
   * Intervals of scheduled jobs that differ from their defaults (`fidelis jobs list` shows both), in
   * milliseconds; 0 turns a job off. A large merchant may run the journeys pass less often, say.
   */
  jobIntervals: jobIntervals.default({}),
  program: z
    .object({
      /** ISO 4217 codes the merchant sells in; orders in other currencies are refused. */
      currencies: z
        .array(z.string().refine((code) => isoCurrencies.has(code), 'must be an ISO 4217 currency code such as EUR'))
        .min(1)
        .default(['EUR', 'USD', 'GBP']),
      /** Base earn rate until the program engine lands: points per one major currency unit. */
      pointsPerMajorUnit: positiveInt.max(1000).default(1),
      /** What one point costs the merchant, in minor units (hundredths of a cent allowed): for program economics. */
      pointValueMinor: z.coerce.number().min(0).max(10_000).default(1),
      /** Points stay pending this long so a return can still claw them back before they are spent. */
      returnWindowDays: z.coerce.number().int().min(0).max(365).default(30),
      /** Lots expire this many months after becoming available; 0 means points never expire. */
      expiryMonths: z.coerce.number().int().min(0).max(120).default(12),
      /**
       * When a refund claws back points the member already spent: `negative` keeps the shortfall as a
       * debt paid from future points; `floor` forgives it so the balance never goes below zero.
       */
      clawbackPolicy: z.enum(['negative', 'floor']).default('negative'),
    })
    .default({
      currencies: ['EUR', 'USD', 'GBP'],
      pointsPerMajorUnit: 1,
      pointValueMinor: 1,
      returnWindowDays: 30,
      expiryMonths: 12,
      clawbackPolicy: 'negative',
    }),
})
  .refine((c) => c.webhookLeaseMs > c.webhookTimeoutMs, { message: 'must be longer than webhookTimeoutMs', path: ['webhookLeaseMs'] })
  .refine((c) => c.webhookRetryCapMs >= c.webhookRetryBaseMs, { message: 'must be at least webhookRetryBaseMs', path: ['webhookRetryCapMs'] });

export type Config = z.infer<typeof configSchema>;
export type ProgramConfig = Config['program'];

type Env = Record<string, string | undefined>;

/** `journeys=10m, member-scores=off` as { journeys: '10m', 'member-scores': 'off' }; the schema checks names and durations. */
function namedValues(value: string | undefined): Record<string, string> | string | undefined {
  if (value === undefined) return undefined;
  const pairs = value.split(',').map((pair) => pair.split('=').map((part) => part.trim()));
  if (pairs.some((pair) => pair.length !== 2 || pair[0] === '')) return value;
  return Object.fromEntries(pairs);
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((item) => item.trim().toUpperCase()).filter(Boolean);
}

/** The environment variable behind each setting, so an error names what the operator actually set. */
const ENV_NAMES: Record<string, string> = {
  databaseUrl: 'DATABASE_URL',
  dataDir: 'FIDELIS_DATA_DIR',
  memory: 'FIDELIS_MEMORY',
  poolSize: 'FIDELIS_POOL_SIZE',
  rateLimitPerMinute: 'FIDELIS_RATE_LIMIT_PER_MINUTE',
  host: 'HOST',
  port: 'PORT',
  logLevel: 'LOG_LEVEL',
  checkResponses: 'FIDELIS_CHECK_RESPONSES',
  bodyLimitBytes: 'FIDELIS_BODY_LIMIT_BYTES',
  publicUrl: 'FIDELIS_PUBLIC_URL',
  tokenSecret: 'FIDELIS_TOKEN_SECRET',
  feedbackQuietDays: 'FIDELIS_FEEDBACK_QUIET_DAYS',
  followUpDueHours: 'FIDELIS_FOLLOW_UP_DUE_HOURS',
  clvDiscountRate: 'FIDELIS_CLV_DISCOUNT_RATE',
  webhookBatchSize: 'FIDELIS_WEBHOOK_BATCH_SIZE',
  webhookTimeoutMs: 'FIDELIS_WEBHOOK_TIMEOUT_MS',
  webhookLeaseMs: 'FIDELIS_WEBHOOK_LEASE_MS',
  webhookMaxAttempts: 'FIDELIS_WEBHOOK_MAX_ATTEMPTS',
  webhookRetryBaseMs: 'FIDELIS_WEBHOOK_RETRY_BASE_MS',
  webhookRetryCapMs: 'FIDELIS_WEBHOOK_RETRY_CAP_MS',
  webhookSecretGraceHours: 'FIDELIS_WEBHOOK_SECRET_GRACE_HOURS',
  contactQuietDays: 'FIDELIS_CONTACT_QUIET_DAYS',
  smtpUrl: 'FIDELIS_SMTP_URL',
  mailFrom: 'FIDELIS_MAIL_FROM',
  jobIntervals: 'FIDELIS_JOB_INTERVALS',
  'program.currencies': 'FIDELIS_CURRENCIES',
  'program.pointsPerMajorUnit': 'FIDELIS_POINTS_PER_MAJOR_UNIT',
  'program.pointValueMinor': 'FIDELIS_POINT_VALUE_MINOR',
  'program.returnWindowDays': 'FIDELIS_RETURN_WINDOW_DAYS',
  'program.expiryMonths': 'FIDELIS_EXPIRY_MONTHS',
  'program.clawbackPolicy': 'FIDELIS_CLAWBACK_POLICY',
};

/** A blank variable counts as unset: `PORT=` must not coerce to port 0, nor `FIDELIS_EXPIRY_MONTHS=` to "never expire". */
function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** 1/true/yes and 0/false/no; anything else is left for the schema to refuse by name. */
function flag(value: string | undefined): boolean | string | undefined {
  if (value === undefined) return undefined;
  const normalized = value.trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(normalized)) return true;
  if (['0', 'false', 'no'].includes(normalized)) return false;
  return value;
}

/** Builds the config from environment variables, with explicit overrides (CLI flags, tests) winning. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const fromEnv = {
    databaseUrl: read(env, 'DATABASE_URL'),
    dataDir: read(env, 'FIDELIS_DATA_DIR'),
    memory: flag(read(env, 'FIDELIS_MEMORY')),
    poolSize: read(env, 'FIDELIS_POOL_SIZE'),
    rateLimitPerMinute: read(env, 'FIDELIS_RATE_LIMIT_PER_MINUTE'),
    host: read(env, 'HOST'),
    port: read(env, 'PORT'),
    logLevel: read(env, 'LOG_LEVEL'),
    checkResponses: flag(read(env, 'FIDELIS_CHECK_RESPONSES')),
    bodyLimitBytes: read(env, 'FIDELIS_BODY_LIMIT_BYTES'),
    publicUrl: read(env, 'FIDELIS_PUBLIC_URL'),
    tokenSecret: read(env, 'FIDELIS_TOKEN_SECRET'),
    feedbackQuietDays: read(env, 'FIDELIS_FEEDBACK_QUIET_DAYS'),
    followUpDueHours: read(env, 'FIDELIS_FOLLOW_UP_DUE_HOURS'),
    clvDiscountRate: read(env, 'FIDELIS_CLV_DISCOUNT_RATE'),
    webhookBatchSize: read(env, 'FIDELIS_WEBHOOK_BATCH_SIZE'),
    webhookTimeoutMs: read(env, 'FIDELIS_WEBHOOK_TIMEOUT_MS'),
    webhookLeaseMs: read(env, 'FIDELIS_WEBHOOK_LEASE_MS'),
    webhookMaxAttempts: read(env, 'FIDELIS_WEBHOOK_MAX_ATTEMPTS'),
    webhookRetryBaseMs: read(env, 'FIDELIS_WEBHOOK_RETRY_BASE_MS'),
    webhookRetryCapMs: read(env, 'FIDELIS_WEBHOOK_RETRY_CAP_MS'),
    webhookSecretGraceHours: read(env, 'FIDELIS_WEBHOOK_SECRET_GRACE_HOURS'),
    contactQuietDays: read(env, 'FIDELIS_CONTACT_QUIET_DAYS'),
    smtpUrl: read(env, 'FIDELIS_SMTP_URL'),
    mailFrom: read(env, 'FIDELIS_MAIL_FROM'),
    jobIntervals: namedValues(read(env, 'FIDELIS_JOB_INTERVALS')),
    program: {
      currencies: list(read(env, 'FIDELIS_CURRENCIES')),
      pointsPerMajorUnit: read(env, 'FIDELIS_POINTS_PER_MAJOR_UNIT'),
      pointValueMinor: read(env, 'FIDELIS_POINT_VALUE_MINOR'),
      returnWindowDays: read(env, 'FIDELIS_RETURN_WINDOW_DAYS'),
      expiryMonths: read(env, 'FIDELIS_EXPIRY_MONTHS'),
      clawbackPolicy: read(env, 'FIDELIS_CLAWBACK_POLICY'),
    },
  };
  const merged = { ...stripUndefined(fromEnv), ...stripUndefined(overrides) };
  merged.program = { ...stripUndefined(fromEnv.program), ...stripUndefined(overrides.program ?? {}) };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${describePath(issue.path, env, overrides)}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** `PORT (port)` when the bad value came from the environment, else just the setting's path. */
function describePath(path: readonly PropertyKey[], env: Env, overrides: Partial<Config>): string {
  const dotted = path.map(String).join('.');
  const key = path.slice(0, path[0] === 'program' ? 2 : 1).map(String).join('.');
  const name = ENV_NAMES[key];
  const overridden =
    path[0] === 'program'
      ? (overrides.program as Record<string, unknown> | undefined)?.[String(path[1])] !== undefined
      : (overrides as Record<string, unknown>)[String(path[0])] !== undefined;
  return name !== undefined && !overridden && env[name] !== undefined ? `${name} (${dotted})` : dotted;
}

export class ConfigError extends Error {}

function stripUndefined<T extends object>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
