import { describe, expect, it } from 'vitest';
import { canonicalEmail, firstName, samePerson } from './identity.js';

describe('canonicalEmail', () => {
  it.each([
    ['anna@example.com', 'anna@example.com'],
    ['Anna@Example.COM', 'anna@example.com'],
    ['anna+referral@example.com', 'anna@example.com'],
    ['a.n.n.a@example.com', 'a.n.n.a@example.com'],
    ['A.nna+ref@GoogleMail.com', 'anna@gmail.com'],
    ['a.n.n.a+x+y@gmail.com', 'anna@gmail.com'],
    ['  anna@example.com ', 'anna@example.com'],
    ['not-an-email', 'not-an-email'],
  ])('%s → %s', (email, canonical) => {
    expect(canonicalEmail(email)).toBe(canonical);
  });
});

describe('samePerson', () => {
  const referrer = { id: 'mem_a', email: 'anna@gmail.com', phone: '+4915112345678' };
  it.each([
    ['the same member', { id: 'mem_a', email: null, phone: null }, /own referral code/],
    ['a plus-tagged copy of the email', { id: 'mem_b', email: 'anna+friend@gmail.com', phone: null }, /same email/],
    ['a dotted Gmail copy', { id: 'mem_b', email: 'a.nna@googlemail.com', phone: null }, /same email/],
    ['the same phone', { id: 'mem_b', email: 'ben@example.com', phone: '+4915112345678' }, /same phone/],
    ['someone else', { id: 'mem_b', email: 'ben@example.com', phone: '+4915199999999' }, null],
    ['someone without email or phone', { id: 'mem_b', email: null, phone: null }, null],
  ] as const)('%s', (_, referee, expected) => {
    const verdict = samePerson(referrer, referee);
    if (expected === null) expect(verdict).toBeNull();
    else expect(verdict).toMatch(expected);
  });

  it('does not match two members who both lack an email', () => {
    expect(samePerson({ id: 'mem_a', email: null, phone: null }, { id: 'mem_b', email: null, phone: null })).toBeNull();
  });
});

describe('firstName', () => {
  it.each([
    ['Anna Schmidt', 'Anna'],
    ['  Ben  ', 'Ben'],
    ['', null],
    [null, null],
  ])('%s → %s', (name, first) => {
    expect(firstName(name)).toBe(first);
  });
});
