import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.js';

export class DrawNotFound extends NotFoundError {
  constructor(drawId: string) {
    super('draw_not_found', `No draw ${drawId}.`);
  }
}

export class DrawNotClosed extends ConflictError {
  constructor(closesAt: Date) {
    super('draw_not_closed', `Entries are open until ${closesAt.toISOString()}; draw after that.`);
  }
}

export class DrawAlreadyDrawn extends ConflictError {
  constructor(drawId: string) {
    super('draw_already_drawn', `Draw ${drawId} has already been drawn; GET /v1/draws/${drawId}/results has the winners.`);
  }
}

export class DrawNotDrawn extends ConflictError {
  constructor(drawId: string) {
    super('draw_not_drawn', `Draw ${drawId} has not been drawn yet, so there is nothing to verify.`);
  }
}

export class DrawNotOpen extends ConflictError {
  constructor(status: string) {
    super('draw_not_open', `Entries can only be granted while the draw is open; it is ${status}.`);
  }
}

/** The entries read at the draw no longer hash to the sealed `entriesHash`: the list was changed after it was committed. */
export class DrawEntriesChanged extends ConflictError {
  constructor(drawId: string) {
    super('draw_entries_changed', `The entries of ${drawId} no longer match the entries hash published when they were sealed.`);
  }
}

export class DrawClosesInPast extends UnprocessableError {
  constructor() {
    super('draw_closes_in_past', 'closesAt is already past; a draw must close in the future.', [{ path: 'body.closesAt', message: 'in the past' }]);
  }
}

export class DrawPrizeRewardUnknown extends UnprocessableError {
  constructor(rewardId: string) {
    super('draw_prize_reward_unknown', `No reward ${rewardId} in the catalog.`, [{ path: 'body.prizes', message: `unknown reward ${rewardId}` }]);
  }
}

export class DrawEntryLimitReached extends UnprocessableError {
  constructor(max: number) {
    super('draw_entry_limit_reached', `This member already has the maximum of ${max} entries in this draw.`);
  }
}

export class DrawReferenceConflict extends ConflictError {
  constructor(reference: string) {
    super('draw_entry_reference_conflict', `The reference ${reference} was already used for another member or number of entries.`);
  }
}
