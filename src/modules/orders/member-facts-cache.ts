// Members' facts (tier, birthday, join date) remembered between orders, so an order under rules that
// look at its member costs no read of its own. Never trusted blindly: each order carries the facts it
// was priced with, and the batch statement writes nothing when they are no longer the stored ones
// (BATCH_STATEMENT's `stale`); those members are then forgotten and their orders priced again from a
// fresh read. Measured with `npm run bench` on 2 cores: the read before every batch cost earn under
// 50 rules a sixth of its throughput.
import type { MemberFacts } from '../program/order-earning.js';

/** What the batch statement compares with the stored member. */
export interface SeenFacts {
  tierId: string | null;
  birthday: string | null;
}

export function seenFacts(facts: MemberFacts): SeenFacts {
  return { tierId: facts.tierId, birthday: facts.birthday };
}

export function sameFacts(a: MemberFacts | null, b: MemberFacts | null): boolean {
  if (a === null || b === null) return a === b;
  return a.tierId === b.tierId && a.birthday === b.birthday && a.createdAt.getTime() === b.createdAt.getTime();
}

/**
 * A bounded map: past `limit` members the one remembered longest ago goes first.
 * @example const cache = new MemberFactsCache(2); cache.remember('m1', facts); cache.get('m1') // facts
 */
export class MemberFactsCache {
  private readonly facts = new Map<string, MemberFacts>();

  constructor(private readonly limit = 100_000) {}

  get(memberId: string): MemberFacts | undefined {
    return this.facts.get(memberId);
  }

  remember(memberId: string, facts: MemberFacts): void {
    this.facts.delete(memberId);
    if (this.facts.size >= this.limit) this.facts.delete(this.facts.keys().next().value!);
    this.facts.set(memberId, facts);
  }

  /**
   * Remembers members read in bulk, given least recent buyer first. Never replaces a member already
   * remembered (that read is newer) and never evicts: a warm-up only fills free room, with the most
   * recent buyers when there is not room for all.
   */
  warm(entries: readonly (readonly [string, MemberFacts])[]): number {
    const room = this.limit - this.facts.size;
    const fresh = entries.filter(([memberId]) => !this.facts.has(memberId));
    const taken = room > 0 ? fresh.slice(-room) : [];
    for (const [memberId, facts] of taken) this.facts.set(memberId, facts);
    return taken.length;
  }

  forget(memberIds: Iterable<string>): void {
    for (const id of memberIds) this.facts.delete(id);
  }

  get size(): number {
    return this.facts.size;
  }

  get capacity(): number {
    return this.limit;
  }
}
