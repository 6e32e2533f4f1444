import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

describe('smoke', () => {
  it('earns, redeems, refunds', async () => {
    const memberId = await createMemberVia(t);
    const order = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 1250, quantity: 2 }, { unitPrice: 999 }]));
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body.points).toBe(34);
    const balance = await call(t, 'GET', `/v1/members/${memberId}/balance`);
    expect(balance.status, JSON.stringify(balance.body)).toBe(200);
    expect(balance.body.pending).toBe(34);
    t.setNow(new Date('2026-07-15T00:00:00Z'));
    const after = await call(t, 'GET', `/v1/members/${memberId}/balance`);
    expect(after.body.available).toBe(34);
    const redeem = await call(t, 'POST', `/v1/members/${memberId}/redemptions`, { points: 30 });
    expect(redeem.status, JSON.stringify(redeem.body)).toBe(201);
    const refund = await call(t, 'POST', `/v1/orders/${order.body.id}/refunds`, { lines: [{ lineId: 'l1', quantity: 1 }] });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const ledger = await call(t, 'GET', `/v1/members/${memberId}/ledger`);
    expect(ledger.status, JSON.stringify(ledger.body)).toBe(200);
  });
});
