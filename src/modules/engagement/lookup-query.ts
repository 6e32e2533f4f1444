// What a cashier may type or scan into the checkout lookup, recognised without a database.
import { idPattern } from '../../db/ids.js';
import { InvalidPhone } from '../members/errors.js';
import { normalizePhone } from '../members/service.js';
import { CheckoutQueryInvalid } from './errors.js';

/** The QR code the wallet shows: this prefix, then the member id. */
export const MEMBER_QR_PREFIX = 'fidelis:';

/** @example memberQrPayload('mem_01jd3x8k2q9v7c4m5n6p7r8s9t') // 'fidelis:mem_01jd3x8k2q9v7c4m5n6p7r8s9t' */
export function memberQrPayload(memberId: string): string {
  return `${MEMBER_QR_PREFIX}${memberId}`;
}

export type LookupKey = { by: 'id'; id: string } | { by: 'email'; email: string } | { by: 'phone'; phone: string };

const MEMBER_ID = idPattern('mem');

/**
 * A member id, a QR payload, an email (any case) or a phone (separators ignored); anything else is a
 * 400 `checkout_query_invalid`.
 * @example parseLookupQuery(' fidelis:mem_01jd3x8k2q9v7c4m5n6p7r8s9t ') // { by: 'id', id: 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t' }
 */
export function parseLookupQuery(q: string): LookupKey {
  const text = q.trim();
  const id = text.startsWith(MEMBER_QR_PREFIX) ? text.slice(MEMBER_QR_PREFIX.length) : text;
  if (MEMBER_ID.test(id)) return { by: 'id', id };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return { by: 'email', email: text.toLowerCase() };
  if (/^\+[\d\s\-().]+$/.test(text)) {
    try {
      return { by: 'phone', phone: normalizePhone(text, 'querystring') };
    } catch (error) {
      if (error instanceof InvalidPhone) throw new CheckoutQueryInvalid();
      throw error;
    }
  }
  throw new CheckoutQueryInvalid();
}
