import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.js';

export class RuleNotFound extends NotFoundError {
  constructor(ruleId: string) {
    super('rule_not_found', `No rule ${ruleId}.`);
  }
}

export class RuleRetired extends ConflictError {
  constructor(ruleId: string) {
    super('rule_retired', `Rule ${ruleId} is retired; create a new rule instead.`);
  }
}

export class EventIdConflict extends ConflictError {
  constructor(eventId: string) {
    super('event_id_conflict', `Event ${eventId} was already recorded with a different member or type.`);
  }
}

export class TiersNotConfigured extends NotFoundError {
  constructor() {
    super('tiers_not_configured', 'The program has no tier ladder; PUT /v1/program/tiers first.');
  }
}

export class CouponNotFound extends NotFoundError {
  constructor() {
    super('coupon_not_found', 'No such coupon code.');
  }
}

/** A coupon that exists but may not be used on this order; `code` says which rule it breaks. */
export class CouponRefused extends UnprocessableError {}

export class CouponCodeTaken extends ConflictError {
  constructor(code: string) {
    super('coupon_code_taken', `The code ${code} already exists.`);
  }
}

export class RewardNotFound extends NotFoundError {
  constructor(rewardId: string) {
    super('reward_not_found', `No reward ${rewardId}.`);
  }
}

/** The reward exists but this member may not have it now; `code` says why. */
export class RewardUnavailable extends UnprocessableError {}

export class RewardCodeNotFound extends NotFoundError {
  constructor() {
    super('reward_code_not_found', 'No such reward code.');
  }
}

export class RewardCodeSpent extends ConflictError {
  constructor(status: string) {
    super('reward_code_not_issued', `This reward code is already ${status}.`);
  }
}

export class RewardStockBelowIssued extends UnprocessableError {
  constructor() {
    super('reward_stock_below_issued', 'Stock cannot be lower than the number of codes already issued.', [{ path: 'body.stock', message: 'below the codes already issued' }]);
  }
}

export class DropNotFound extends NotFoundError {
  constructor(dropId: string) {
    super('drop_not_found', `No drop ${dropId}.`);
  }
}

/** Early access names a tier the ladder does not have (or there is no ladder). */
export class DropTierUnknown extends UnprocessableError {
  constructor(problems: { path: string; message: string }[]) {
    super('drop_tier_unknown', 'Early access names tiers the tier ladder does not have.', problems);
  }
}
