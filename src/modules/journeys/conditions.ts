// Pure: a step's condition, a predicate over what is known about the member when the step is due.

/**
 * One predicate. A segment membership predicate (`{ kind: 'segment', segmentId }`) will join this union
 * once segments exist; it only needs one more fact below.
 */
export type Predicate =
  | { kind: 'has_consent' }
  | { kind: 'no_order_since_entry' }
  | { kind: 'ordered_since_entry' }
  | { kind: 'orders_at_least'; count: number }
  | { kind: 'orders_below'; count: number };

export interface MemberFacts {
  active: boolean;
  marketingConsent: boolean;
  /** All orders ever, across currencies. */
  orders: number;
  lastOrderAt: Date | null;
  /** When the member entered this journey. */
  enteredAt: Date;
}

export function holds(predicate: Predicate, facts: MemberFacts): boolean {
  switch (predicate.kind) {
    case 'has_consent':
      return facts.marketingConsent;
    case 'no_order_since_entry':
      return facts.lastOrderAt === null || facts.lastOrderAt <= facts.enteredAt;
    case 'ordered_since_entry':
      return facts.lastOrderAt !== null && facts.lastOrderAt > facts.enteredAt;
    case 'orders_at_least':
      return facts.orders >= predicate.count;
    case 'orders_below':
      return facts.orders < predicate.count;
  }
}

/** All predicates hold (none is vacuously true), for an erased member nothing does. */
export function allHold(predicates: readonly Predicate[], facts: MemberFacts): boolean {
  return facts.active && predicates.every((predicate) => holds(predicate, facts));
}
