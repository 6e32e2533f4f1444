import { DomainError } from '../../errors.js';

export class WalletTokenRequired extends DomainError {
  constructor(detail = 'Open the wallet from your sign-in link: send its token as `Authorization: Bearer <wallet token>`.') {
    super('wallet_token_required', 401, detail);
  }
}

export class WalletTokenInvalid extends DomainError {
  constructor() {
    super('wallet_token_invalid', 401, 'This sign-in link is not valid. Ask the shop for a new one.');
  }
}

export class WalletTokenExpired extends DomainError {
  constructor() {
    super('wallet_token_expired', 401, 'This sign-in link has expired. Ask the shop for a new one.');
  }
}
