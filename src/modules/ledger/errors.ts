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
