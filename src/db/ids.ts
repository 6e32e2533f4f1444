import { uuidv7obj } from 'uuidv7';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'mem' | 'note' | 'key' | 'ord' | 'txn' | 'lot' | 'evt' | 'ref';

/**
 * A prefixed, time-sortable identifier: the prefix says what it names, the 26-character Crockford
 * base32 body is a UUIDv7, so ids sort by creation time and index well.
 * @example newId('mem') // 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t'
 */
export function newId(prefix: IdPrefix): string {
  const bytes = uuidv7obj().bytes;
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let body = '';
  for (let i = 0; i < 26; i++) {
    body = CROCKFORD[Number(bits & 31n)] + body;
    bits >>= 5n;
  }
  return `${prefix}_${body}`;
}

export function idPattern(prefix: IdPrefix): RegExp {
  return new RegExp(`^${prefix}_[0-9a-hjkmnp-tv-z]{26}$`);
}
