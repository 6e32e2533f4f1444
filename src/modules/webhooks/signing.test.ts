import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newEndpointSecret, signatureHeader, signingSecrets } from './signing.js';

describe('signatureHeader', () => {
  // The example from the Standard Webhooks specification's reference implementation.
  it('matches the spec’s published example', () => {
    const header = signatureHeader(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(header).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('any message signed with any fresh secret verifies with the standardwebhooks package', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.json(), (id, body) => {
        const secret = newEndpointSecret();
        const timestamp = Math.floor(Date.now() / 1000);
        const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader([secret], id, timestamp, body) };
        expect(new Webhook(secret).verify(body, headers)).toBeDefined();
      }),
      { numRuns: 50 },
    );
  });

  it('with two secrets, a receiver holding either one accepts', () => {
    const [current, previous] = [newEndpointSecret(), newEndpointSecret()];
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"type":"points.earned"}';
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader([current, previous], 'msg_1', timestamp, body) };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) expect(new Webhook(secret).verify(body, headers)).toEqual({ type: 'points.earned' });
    expect(() => new Webhook(newEndpointSecret()).verify(body, headers)).toThrow();
  });
});

describe('signingSecrets', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it.each([
    ['no previous secret', null, null, ['new']],
    ['previous secret in its grace period', 'old', new Date('2026-06-01T12:00:01Z'), ['new', 'old']],
    ['previous secret at the end of its grace period', 'old', now, ['new']],
    ['previous secret expired', 'old', new Date('2026-05-31T12:00:00Z'), ['new']],
  ])('%s', (_, previousSecret, previousSecretExpiresAt, expected) => {
    expect(signingSecrets({ secret: 'new', previousSecret, previousSecretExpiresAt }, now)).toEqual(expected);
  });
});

it('secrets carry 24 random bytes behind whsec_', () => {
  const secret = newEndpointSecret();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
});
