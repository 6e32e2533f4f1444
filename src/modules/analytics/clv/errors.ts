import { UnprocessableError } from '../../../errors.js';

export type ClvErrorCode =
  | 'clv_no_customers'
  | 'clv_no_repeat_customers'
  | 'clv_invalid_row'
  | 'clv_invalid_option'
  | 'clv_missing_column'
  | 'clv_invalid_csv'
  | 'clv_input_unreadable'
  | 'clv_fit_failed'
  | 'clv_numeric';

/**
 * Why a CLV fit or score cannot be given. The models never answer NaN or Infinity: anything that
 * would produce one is one of these, with a message a person can act on.
 */
export class ClvError extends UnprocessableError {
  declare readonly code: ClvErrorCode;

  constructor(code: ClvErrorCode, message: string) {
    super(code, message);
  }
}
