import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/** One validated configuration object; nothing else in the code base reads process.env. */
export const configSchema = z.object({
  databaseUrl: z.string().url().optional(),
  /** Where the embedded PGlite database lives when DATABASE_URL is unset. */
  dataDir: z.string().min(1).default('./.fidelis/db'),
  /** Embedded database in memory only (tests, throw-away demos). */
  memory: z.boolean().default(false),
  poolSize: positiveInt.max(200).default(24),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bodyLimitBytes: positiveInt.default(1_048_576),
  program: z
    .object({
      /** ISO 4217 codes the merchant sells in; orders in other currencies are refused. */
      currencies: z.array(z.string().regex(/^[A-Z]{3}$/)).min(1).default(['EUR', 'USD', 'GBP']),
      /** Base earn rate until the program engine lands: points per one major currency unit. */
      pointsPerMajorUnit: positiveInt.max(1000).default(1),
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
      returnWindowDays: 30,
      expiryMonths: 12,
      clawbackPolicy: 'negative',
    }),
});

export type Config = z.infer<typeof configSchema>;
export type ProgramConfig = Config['program'];

type Env = Record<string, string | undefined>;

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((item) => item.trim().toUpperCase()).filter(Boolean);
}

/** Builds the config from environment variables, with explicit overrides (CLI flags, tests) winning. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const fromEnv = {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.FIDELIS_DATA_DIR,
    memory: env.FIDELIS_MEMORY === '1' || env.FIDELIS_MEMORY === 'true' ? true : undefined,
    poolSize: env.FIDELIS_POOL_SIZE,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    bodyLimitBytes: env.FIDELIS_BODY_LIMIT_BYTES,
    program: {
      currencies: list(env.FIDELIS_CURRENCIES),
      pointsPerMajorUnit: env.FIDELIS_POINTS_PER_MAJOR_UNIT,
      returnWindowDays: env.FIDELIS_RETURN_WINDOW_DAYS,
      expiryMonths: env.FIDELIS_EXPIRY_MONTHS,
      clawbackPolicy: env.FIDELIS_CLAWBACK_POLICY,
    },
  };
  const merged = { ...stripUndefined(fromEnv), ...stripUndefined(overrides) };
  merged.program = { ...stripUndefined(fromEnv.program), ...stripUndefined(overrides.program ?? {}) };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export class ConfigError extends Error {}

function stripUndefined<T extends object>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
