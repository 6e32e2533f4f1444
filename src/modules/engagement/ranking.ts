// Pure parts of the call list: why a member is on it, and how the rules' lists merge into one.

const DAY_MS = 86_400_000;

/** What a rule found about one member, enough to explain the call. */
export type Finding =
  | { kind: 'segment'; tierName: string | null; lastContactAt: Date | null }
  | { kind: 'detractor'; score: number | null; answeredAt: Date }
  | { kind: 'at_risk'; overdue: number; annualValue: number; currency: string };

const days = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);
const daysText = (n: number) => (n === 0 ? 'today' : n === 1 ? '1 day ago' : `${n} days ago`);

/**
 * The sentence staff read before dialling.
 * @example callReason({ kind: 'segment', tierName: 'Gold', lastContactAt: new Date('2026-03-19T12:00:00Z') }, new Date('2026-06-01T12:00:00Z')) // 'Gold, not contacted for 74 days'
 */
export function callReason(finding: Finding, now: Date): string {
  switch (finding.kind) {
    case 'segment': {
      const prefix = finding.tierName ? `${finding.tierName}, ` : '';
      return finding.lastContactAt ? `${prefix}not contacted for ${days(finding.lastContactAt, now)} days` : `${prefix}never contacted`;
    }
    case 'detractor':
      return `Detractor${finding.score === null ? '' : ` (NPS ${finding.score})`}, answered ${daysText(days(finding.answeredAt, now))}; not called back yet`;
    case 'at_risk': {
      const value = new Intl.NumberFormat('en-US', { style: 'currency', currency: finding.currency }).format(finding.annualValue / 100);
      return `At risk: ${finding.overdue.toFixed(1)}× overdue, ${value} a year at stake`;
    }
  }
}

export interface RuleCandidates<C extends { memberId: string }> {
  rule: { id: string; priority: number };
  /** Already in the rule's own order (most urgent first). */
  candidates: readonly C[];
}

/**
 * One list from many: rules in priority order (ties: the order given), each rule's members in its own
 * order, a member only once — under the highest-priority rule that found them — and at most `limit`.
 */
export function mergeCallList<C extends { memberId: string }>(lists: readonly RuleCandidates<C>[], limit: number): (C & { ruleId: string })[] {
  const ordered = lists.map((list, index) => ({ list, index })).sort((a, b) => a.list.rule.priority - b.list.rule.priority || a.index - b.index);
  const seen = new Set<string>();
  const merged: (C & { ruleId: string })[] = [];
  for (const { list } of ordered) {
    for (const candidate of list.candidates) {
      if (merged.length === limit) return merged;
      if (seen.has(candidate.memberId)) continue;
      seen.add(candidate.memberId);
      merged.push({ ...candidate, ruleId: list.rule.id });
    }
  }
  return merged;
}
