import { NotFoundError, UnprocessableError } from '../../errors.js';

export class JourneyNotFound extends NotFoundError {
  constructor(journeyId: string) {
    super('journey_not_found', `No journey ${journeyId}.`);
  }
}

/** A step refers to a coupon or reward, or the trigger to a segment, that does not exist; `errors[]` names where. */
export class JourneyReferenceUnknown extends UnprocessableError {
  constructor(errors: { path: string; message: string }[]) {
    super('journey_reference_unknown', 'The journey refers to something that does not exist.', errors);
  }
}
