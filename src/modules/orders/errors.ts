import { DomainError, NotFoundError, UnprocessableError, type FieldProblem } from '../../errors.js';

export class OrderNotFound extends NotFoundError {
  constructor(orderId: string) {
    super('order_not_found', `No order ${orderId}.`);
  }
}

export class OrderAlreadyRecorded extends DomainError {
  constructor(externalId: string, asNonMemberSale = false) {
    const recorded = asNonMemberSale ? 'already recorded as a sale to a non-member (imported without a member)' : 'already recorded';
    super('order_already_recorded', 409, `An order with externalId ${externalId} is ${recorded}.`);
  }
}

export class InvalidOrder extends DomainError {
  constructor(code: string, detail: string, errors: FieldProblem[] = []) {
    super(code, 400, detail, errors);
  }
}

export class OrderRejected extends UnprocessableError {}

export class MemberNotActive extends NotFoundError {
  constructor(memberId: string) {
    super('member_not_found', `No active member ${memberId}.`);
  }
}
