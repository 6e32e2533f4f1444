import { DomainError, NotFoundError, UnprocessableError } from '../../errors.js';

export class AccountNotFound extends NotFoundError {
  constructor(memberId: string) {
    super('member_not_found', `No member ${memberId}.`);
  }
}

export class PointsInsufficient extends UnprocessableError {
  constructor(requested: number, available: number) {
    super('points_insufficient', `Requested ${requested} points but only ${available} are available.`);
  }
}

export class EntryNotFound extends NotFoundError {
  constructor(entryId: string) {
    super('entry_not_found', `No ledger entry ${entryId} for this member.`);
  }
}

export class EntryAlreadyReversed extends DomainError {
  constructor(entryId: string) {
    super('entry_already_reversed', 409, `Ledger entry ${entryId} has already been reversed.`);
  }
}

export class EntryNotReversible extends UnprocessableError {
  constructor(entryId: string, why: string) {
    super('entry_not_reversible', `Ledger entry ${entryId} cannot be reversed: ${why}.`);
  }
}

export class OccurredInFuture extends UnprocessableError {
  constructor() {
    super('occurred_in_future', 'occurredAt is in the future.', [{ path: 'body.occurredAt', message: 'in the future' }]);
  }
}

/** Like orders, ledger writes may be stamped slightly ahead of the server (till clocks drift), not more. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * occurredAt says when a write happened at the till; one from the future is a clock error that would
 * misdate the ledger and its explanations. (Lots mature by the server clock either way.)
 */
export function assertNotInFuture(occurredAt: Date, now: Date): void {
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new OccurredInFuture();
}
