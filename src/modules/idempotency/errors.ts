import { DomainError } from '../../errors.js';

export class IdempotencyKeyInvalid extends DomainError {
  constructor() {
    super('idempotency_key_invalid', 400, 'Idempotency-Key must be 1–255 printable ASCII characters.');
  }
}

export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super('idempotency_key_reused', 422, 'This Idempotency-Key was already used with a different request.');
  }
}

export class IdempotencyRequestInProgress extends DomainError {
  constructor() {
    super('idempotency_request_in_progress', 409, 'A request with this Idempotency-Key is still being processed; retry shortly.');
  }
}
