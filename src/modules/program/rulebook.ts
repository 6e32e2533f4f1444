import type { Sql } from '../../db/client.js';
import type { ReferralProgram } from '../referrals/contract.js';
import { getReferralProgram } from '../referrals/settings.js';
import type { RuleVersion } from './evaluate.js';
import { activeRuleVersions } from './rules.js';
import { getLadder } from './tier-service.js';
import type { TierLadder } from './tiers-contract.js';

interface Snapshot {
  rules: RuleVersion[];
  ladder: TierLadder | null;
  referrals: ReferralProgram | null;
  at: number;
}

/**
 * The active rules, the tier ladder and the referral program, cached per process: every order reads
 * them. A change made through this process is seen at once (`invalidate`); one made through another
 * instance within `ttlMs`, as with API key revocation.
 */
export class RuleBook {
  private cached: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;

  constructor(
    private readonly db: Sql,
    private readonly ttlMs = 5_000,
  ) {}

  private async snapshot(): Promise<Snapshot> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached;
    this.loading ??= Promise.all([activeRuleVersions(this.db), getLadder(this.db), getReferralProgram(this.db)])
      .then(([rules, ladder, referrals]) => (this.cached = { rules, ladder, referrals, at: Date.now() }))
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  async active(): Promise<RuleVersion[]> {
    return (await this.snapshot()).rules;
  }

  async ladder(): Promise<TierLadder | null> {
    return (await this.snapshot()).ladder;
  }

  /** The referral program, or null when none was ever set (then orders and refunds skip referrals entirely). */
  async referrals(): Promise<ReferralProgram | null> {
    return (await this.snapshot()).referrals;
  }

  invalidate(): void {
    this.cached = null;
  }

  /** Invalidates once `change` (a write that replies after its commit) is done, never before the commit. */
  async invalidateAfter(change: Promise<void>): Promise<void> {
    await change;
    this.invalidate();
  }
}
