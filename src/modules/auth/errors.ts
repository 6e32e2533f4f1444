import { DomainError } from '../../errors.js';

export class AuthenticationRequired extends DomainError {
  constructor(detail = 'Send an API key as `Authorization: Bearer <key>`.') {
    super('authentication_required', 401, detail);
  }
}

export class RoleForbidden extends DomainError {
  constructor(role: string, allowed: readonly string[]) {
    super('role_forbidden', 403, `An API key with role ${role} may not call this; allowed: ${allowed.join(', ')}.`);
  }
}

export class ApiKeyNotFound extends DomainError {
  constructor(id: string) {
    super('api_key_not_found', 404, `No API key ${id}.`);
  }
}
