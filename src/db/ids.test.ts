import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crockford128, idPattern, newId } from './ids.js';

/** The obvious big-integer encoding, to check the fast one against. */
function reference(bytes: Uint8Array): string {
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  const digits = bits.toString(32).padStart(26, '0');
  return [...digits].map((digit) => '0123456789abcdefghjkmnpqrstvwxyz'[parseInt(digit, 32)]).join('');
}

describe('ids', () => {
  it('encodes 128 bits as 26 Crockford base32 digits', () => {
    expect(crockford128(new Uint8Array(16))).toBe('0'.repeat(26));
    expect(crockford128(new Uint8Array(16).fill(255))).toBe('7' + 'z'.repeat(25));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        expect(crockford128(bytes)).toBe(reference(bytes));
      }),
    );
  });

  it('are prefixed, well-formed and sort in creation order', () => {
    const ids = Array.from({ length: 2000 }, () => newId('txn'));
    for (const id of ids) expect(id).toMatch(idPattern('txn'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
