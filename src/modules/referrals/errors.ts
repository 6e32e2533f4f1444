import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.js';

export class ReferralProgramNotConfigured extends NotFoundError {
  constructor() {
    super('referral_program_not_configured', 'There is no referral program; PUT /v1/program/referrals first.');
  }
}

export class ReferralProgramDisabled extends UnprocessableError {
  constructor() {
    super('referral_program_disabled', 'The referral program is not enabled, so no referral can be attributed now.');
  }
}

export class ReferralCurrencyUnsupported extends UnprocessableError {
  constructor(currency: string) {
    super('referral_currency_unsupported', `${currency} is not a currency orders are taken in, so no purchase could qualify.`, [
      { path: 'body.qualifyingPurchase.currency', message: 'not one of FIDELIS_CURRENCIES' },
    ]);
  }
}

export class ReferralCodeNotFound extends NotFoundError {
  constructor() {
    super('referral_code_not_found', 'No member has this referral code.');
  }
}

/** The new member and the referrer are, or look like, the same person; `detail` says what matched. */
export class ReferralSelf extends UnprocessableError {
  constructor(detail: string) {
    super('referral_self', detail, [{ path: 'body.code', message: 'belongs to the same person' }]);
  }
}

export class MemberAlreadyReferred extends ConflictError {
  constructor(memberId: string) {
    super('member_already_referred', `Member ${memberId} has already been referred; a member is referred once.`);
  }
}

export class ReferralMemberNotNew extends UnprocessableError {
  constructor(why: string) {
    super('referral_member_not_new', `Only a new member can be referred: ${why}.`, [{ path: 'body.memberId', message: why }]);
  }
}
