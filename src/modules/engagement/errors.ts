import { ConflictError, DomainError, NotFoundError, UnprocessableError } from '../../errors.js';

export class SegmentNotFound extends NotFoundError {
  constructor(segmentId: string) {
    super('segment_not_found', `No segment ${segmentId}.`);
  }
}

export class SegmentInUse extends ConflictError {
  constructor(segmentId: string) {
    super('segment_in_use', `Segment ${segmentId} is used by a cadence rule or a journey; change or delete that first.`);
  }
}

/** A cadence rule names a segment that does not exist. */
export class RuleSegmentUnknown extends UnprocessableError {
  constructor(segmentId: string) {
    super('segment_not_found', `No segment ${segmentId}.`, [{ path: 'body.source.segmentId', message: 'no such segment' }]);
  }
}

export class CadenceRuleNotFound extends NotFoundError {
  constructor(ruleId: string) {
    super('cadence_rule_not_found', `No cadence rule ${ruleId}.`);
  }
}

/** `q` is none of: a member id, a Fidelis QR payload, an email, a phone number. */
export class CheckoutQueryInvalid extends DomainError {
  constructor() {
    super('checkout_query_invalid', 400, 'q must be a member id (mem_…), a QR payload (fidelis:mem_…), an email or an E.164 phone number.', [
      { path: 'querystring.q', message: 'not a member id, QR payload, email or phone' },
    ]);
  }
}
