import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.js';
import { MAX_PREFERENCES } from './contract.js';

export class MemberNotFound extends NotFoundError {
  constructor(memberId: string) {
    super('member_not_found', `No member ${memberId}.`);
  }
}

export class MemberExists extends ConflictError {
  constructor(field: 'email' | 'phone' | 'externalId') {
    super('member_exists', `Another member already has this ${field}.`);
  }
}

export class MemberErased extends UnprocessableError {
  constructor(memberId: string) {
    super('member_erased', `Member ${memberId} has been erased and cannot be changed.`);
  }
}

export class InvalidPhone extends UnprocessableError {
  /** `where` is the request part the phone came in: `body` on writes, `querystring` on searches. */
  constructor(where: 'body' | 'querystring' = 'body') {
    super('phone_invalid', 'phone must be an E.164 number such as +4915112345678.', [{ path: `${where}.phone`, message: 'not E.164' }]);
  }
}

export class MemberIdentifierRequired extends UnprocessableError {
  constructor() {
    super('member_identifier_required', 'A member keeps at least one of email, phone and externalId; erase the member to remove them all.', [
      { path: 'body', message: 'would leave no email, phone or externalId' },
    ]);
  }
}

export class MemberPreferencesTooMany extends UnprocessableError {
  constructor() {
    super('member_preferences_too_many', `A member keeps at most ${MAX_PREFERENCES} preferences; remove some (null) before adding others.`, [
      { path: 'body.preferences', message: `more than ${MAX_PREFERENCES} after merging` },
    ]);
  }
}
