import type { Sql } from '../../db/client.js';
import type { ReferralProgram } from '../referrals/contract.js';
import { getReferralProgram } from '../referrals/settings.js';
import type { RuleVersion } from './evaluate.js';
import { activeRuleVersions } from './rules.js';
import { getLadder } from './tier-service.js';
import type { TierLadder } from './tiers-contract.js';

interface Snapshot {
  rules: RuleVersion[];
  /** The rules that earn on orders: one array per snapshot, so its compiled form is cached with it. */
  orderRules: RuleVersion[];
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
  private known = new Map<string, RuleVersion>();

  constructor(
    private readonly db: Sql,
    private readonly ttlMs = 5_000,
  ) {}

  private async snapshot(): Promise<Snapshot> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached;
    this.loading ??= Promise.all([activeRuleVersions(this.db), getLadder(this.db), getReferralProgram(this.db)])
      .then(([loaded, ladder, referrals]) => {
        const rules = this.keepKnownVersions(loaded);
        return (this.cached = { rules, orderRules: rules.filter((r) => r.definition.eventTypes.includes('order')), ladder, referrals, at: Date.now() });
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /**
   * A stored rule version never changes, so on reload the objects already known by (id, version) are
   * kept: the evaluator compiles each version once per process, not once per reload.
   */
  private keepKnownVersions(loaded: RuleVersion[]): RuleVersion[] {
    this.known = new Map(loaded.map((rule) => {
      const key = `${rule.ruleId}:${rule.version}`;
      return [key, this.known.get(key) ?? rule];
    }));
    return [...this.known.values()];
  }

  async active(): Promise<RuleVersion[]> {
    return (await this.snapshot()).rules;
  }

  /** The active rules that apply to orders (the same array until the rules change or the cache expires). */
  async forOrders(): Promise<RuleVersion[]> {
    return (await this.snapshot()).orderRules;
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
