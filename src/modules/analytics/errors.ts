import { ValidationFailed } from '../../errors.js';

/** A period that ends before it starts once its defaults are filled in; the same refusal the query schema gives when both ends are sent. */
export class PeriodReversed extends ValidationFailed {
  constructor() {
    super([{ path: 'querystring.from', message: 'from must be before to (now, when to is left out)' }]);
  }
}
