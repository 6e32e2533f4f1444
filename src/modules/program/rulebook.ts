import type { Sql } from '../../db/client.js';
import type { RuleVersion } from './evaluate.js';
import { activeRuleVersions } from './rules.js';

/**
 * The active rules, cached per process: orders read them on every request. A change made through
 * this process is seen at once (`invalidate`); one made through another instance within `ttlMs`,
 * as with API key revocation.
 */
export class RuleBook {
  private cached: { rules: RuleVersion[]; at: number } | null = null;
  private loading: Promise<RuleVersion[]> | null = null;

  constructor(
    private readonly db: Sql,
    private readonly ttlMs = 5_000,
  ) {}

  async active(): Promise<RuleVersion[]> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.rules;
    this.loading ??= activeRuleVersions(this.db)
      .then((rules) => {
        this.cached = { rules, at: Date.now() };
        return rules;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  invalidate(): void {
    this.cached = null;
  }
}
