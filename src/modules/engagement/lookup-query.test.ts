import { describe, expect, it } from 'vitest';
import { memberQrPayload, parseLookupQuery } from './lookup-query.js';

const id = 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t';

describe('parseLookupQuery', () => {
  it.each([
    [id, { by: 'id', id }],
    [memberQrPayload(id), { by: 'id', id }],
    [` fidelis:${id} `, { by: 'id', id }],
    ['Ada@Example.com', { by: 'email', email: 'ada@example.com' }],
    ['+49 151 1234-5678', { by: 'phone', phone: '+4915112345678' }],
    ['+1 (415) 555-0100', { by: 'phone', phone: '+14155550100' }],
  ])('%s', (q, expected) => {
    expect(parseLookupQuery(q)).toEqual(expected);
  });

  it.each(['ada', 'fidelis:ada', 'mem_short', '0151 12345678', '+12', 'fidelis:'])('refuses %s with checkout_query_invalid', (q) => {
    expect(() => parseLookupQuery(q)).toThrow(expect.objectContaining({ code: 'checkout_query_invalid', status: 400 }));
  });
});
