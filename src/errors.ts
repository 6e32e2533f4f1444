/** A problem with one field of the request, reported in problem+json `errors[]`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * An expected failure with a stable machine-readable `code`; mapped once, at the HTTP edge, to an
 * RFC 9457 problem document. Each module subclasses it in its own errors.ts.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Values the schema could not judge alone, refused after it ran (or before, for the whole app): the same
 * 400 `validation_failed`, naming the fields, that a schema refusal gives.
 */
export class ValidationFailed extends DomainError {
  constructor(errors: FieldProblem[]) {
    super('validation_failed', 400, 'Some values are not valid.', errors);
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 404, message);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 409, message);
  }
}

/** The request is well-formed but breaks a business rule. */
export class UnprocessableError extends DomainError {
  constructor(code: string, message: string, errors: FieldProblem[] = []) {
    super(code, 422, message, errors);
  }
}
