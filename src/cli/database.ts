// What every CLI command needs: the config from the environment and global flags, and a migrated database.
import { InvalidArgumentError } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { createDatabase, type Database } from '../db/client.js';
import { migrate } from '../db/migrate.js';

export interface GlobalOptions {
  memory?: boolean;
  dataDir?: string;
}

export function configFrom(options: GlobalOptions, overrides: Partial<Config> = {}): Config {
  return loadConfig(process.env, {
    ...(options.memory ? { memory: true } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...overrides,
  });
}

/** Opens the configured database, migrates it, runs `fn`, and always closes it. */
export async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = createDatabase(config);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function positive(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a whole number');
  return parsed;
}
