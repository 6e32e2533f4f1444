import { NotFoundError } from '../../errors.js';

export class UnsubscribeLinkInvalid extends NotFoundError {
  constructor() {
    super('unsubscribe_link_invalid', 'This unsubscribe link is not valid. Reply to any of our emails and we will unsubscribe you by hand.');
  }
}
