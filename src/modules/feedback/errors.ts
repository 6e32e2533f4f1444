import { ConflictError, DomainError, NotFoundError, UnprocessableError, type FieldProblem } from '../../errors.js';

export class SurveyNotFound extends NotFoundError {
  constructor(surveyId: string) {
    super('survey_not_found', `No survey ${surveyId}.`);
  }
}

export class SurveyInactive extends UnprocessableError {
  constructor(surveyId: string) {
    super('survey_inactive', `Survey ${surveyId} is not active.`);
  }
}

export class InvitationNotFound extends NotFoundError {
  constructor(invitationId: string) {
    super('invitation_not_found', `No invitation ${invitationId}.`);
  }
}

/** A link we did not sign (or that was altered): said the same way as a missing one. */
export class InvitationTokenInvalid extends NotFoundError {
  constructor() {
    super('invitation_token_invalid', 'This survey link is not valid.');
  }
}

export class InvitationExpired extends DomainError {
  constructor() {
    super('invitation_expired', 410, 'This survey link has expired.');
  }
}

export class InvitationAlreadyAnswered extends ConflictError {
  constructor() {
    super('invitation_already_answered', 'This invitation has already been answered; thank you.');
  }
}

export class InvitationNotSent extends ConflictError {
  constructor(reason: string) {
    super('invitation_not_sent', `This invitation was held back (${reason}) and cannot be answered.`);
  }
}

export class InvitationMismatch extends UnprocessableError {
  constructor(field: 'surveyId' | 'memberId') {
    super('invitation_mismatch', `${field} differs from the invitation's.`, [{ path: `body.${field}`, message: "differs from the invitation's" }]);
  }
}

export class AnswersInvalid extends UnprocessableError {
  constructor(errors: FieldProblem[]) {
    super('answers_invalid', 'Some answers do not fit the survey’s questions.', errors);
  }
}

export class OrderNotOfMember extends UnprocessableError {
  constructor(orderId: string) {
    super('order_not_of_member', `Order ${orderId} belongs to another member.`, [{ path: 'body.orderId', message: 'belongs to another member' }]);
  }
}

export class OrderAlreadyInvited extends ConflictError {
  constructor(orderId: string, surveyId: string) {
    super('order_already_invited', `Order ${orderId} has already been asked about in survey ${surveyId}; a survey asks about an order once.`);
  }
}

export class FeedbackConsentMissing extends UnprocessableError {
  constructor(memberId: string) {
    super('feedback_consent_missing', `Member ${memberId} has not consented to be contacted.`);
  }
}

export class FeedbackQuietPeriod extends ConflictError {
  constructor(memberId: string, quietDays: number) {
    super('feedback_quiet_period', `Member ${memberId} was asked for feedback within the last ${quietDays} days.`);
  }
}

export class FollowUpNotFound extends NotFoundError {
  constructor(id: string) {
    super('follow_up_not_found', `No follow-up ${id}.`);
  }
}
