import { ConflictError, NotFoundError } from '../../errors.js';

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
