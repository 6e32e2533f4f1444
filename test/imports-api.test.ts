// POST /v1/imports/members and /v1/imports/orders: small batches through the same importer as the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, expectLedgerClean, orderBody, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

const line = (order: string, member: string, lineId: string, extra: Record<string, unknown> = {}) => ({
  order_id: order,
  member_external_id: member,
  occurred_at: '2026-03-01T10:00:00Z',
  line_id: lineId,
  sku: 'LATTE',
  category: 'coffee',
  brand: 'House',
  quantity: 2,
  unit_price: 400,
  currency: 'EUR',
  store_id: 'store-1',
  ...extra,
});

describe('POST /v1/imports/members', () => {
  it('imports members, skips them on a retry and rejects bad rows by position', async () => {
    const rows = [
      { external_id: 'api-1', email: 'Api.One@example.com', name: 'Api One', marketing_consent: 'yes' },
      { external_id: 'api-2', phone: '+43 664 1234567', birthday: '1990-02-30' },
      { external_id: 'api-3', phone: '12' },
      { external_id: 'api-4', email: 'api.one@example.com' },
    ];
    const first = await call(t, 'POST', '/v1/imports/members', { rows });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ read: 4, imported: 1, skipped: 0, rejected: 3 });
    expect(first.body.rejects.map((r: { line: number }) => r.line)).toEqual([2, 3, 4]);
    expect(first.body.rejects[0].reason).toMatch(/^birthday:/);
    expect(first.body.rejects[1].reason).toMatch(/^phone:/);
    expect(first.body.rejects[2].reason).toBe('email api.one@example.com already appears at line 1');
    const found = await call(t, 'GET', '/v1/members?externalId=api-1');
    expect(found.body.data[0]).toMatchObject({ email: 'api.one@example.com', marketingConsent: true });

    const again = await call(t, 'POST', '/v1/imports/members', { rows: rows.slice(0, 1) });
    expect(again.body).toMatchObject({ read: 1, imported: 0, skipped: 1, rejected: 0, rejects: [] });
    const taken = await call(t, 'POST', '/v1/imports/members', { rows: rows.slice(3) });
    expect(taken.body.rejects).toEqual([{ line: 1, reason: 'email: another member already has this email', row: ['api-4', 'api.one@example.com', '', '', '', '', ''] }]);
  });

  it('rejects a row with text PostgreSQL cannot store, not the request, also when its answer is kept for an Idempotency-Key', async () => {
    const rows = [
      { external_id: 'nul-1', name: 'Ada\u0000' },
      { external_id: 'nul-2', name: 'Grace' },
    ];
    const headers = { 'idempotency-key': 'import-with-nul' };
    const first = await call(t, 'POST', '/v1/imports/members', { rows }, { headers });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ read: 2, imported: 1, rejected: 1 });
    // The row is echoed with U+FFFD in place of the NUL: the answer is stored, and the database cannot hold a NUL.
    expect(first.body.rejects).toEqual([{ line: 1, reason: expect.stringMatching(/^name: must not contain a NUL character/), row: ['nul-1', '', '', 'Ada\ufffd', '', '', ''] }]);
    const replay = await call(t, 'POST', '/v1/imports/members', { rows }, { headers });
    expect(replay.body).toEqual(first.body);
    expect((await call(t, 'GET', '/v1/members?externalId=nul-2')).body.data).toHaveLength(1);
  });

  it('refuses an unknown column with 400 and writes nothing', async () => {
    const response = await call(t, 'POST', '/v1/imports/members', { rows: [{ external_id: 'api-9', nickname: 'x' }] });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect((await call(t, 'GET', '/v1/members?externalId=api-9')).body.data).toEqual([]);
  });
});

describe('POST /v1/imports/orders', () => {
  beforeAll(async () => {
    const members = await call(t, 'POST', '/v1/imports/members', { rows: [{ external_id: 'buyer-1' }, { external_id: 'buyer-2' }] });
    expect(members.body.imported).toBe(2);
  });

  it('imports orders with no points, keeps the aggregates, and a retry skips everything', async () => {
    const rows = [line('H-1', 'buyer-1', '1'), line('H-1', 'buyer-1', '2', { sku: 'CROISSANT', quantity: 1, unit_price: 280, discount: 30 }), line('H-2', 'buyer-2', '1')];
    const first = await call(t, 'POST', '/v1/imports/orders', { rows }, { role: 'integration' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ read: 3, imported: 3, skipped: 0, rejected: 0, orders: { imported: 2, skipped: 0 }, rejects: [] });
    const [order] = await t.db.query<{ id: string; total: number; points: number }>("select id, total, points from orders where external_id = 'H-1'");
    expect(order).toMatchObject({ total: 800 + 250, points: 0 });
    const fetched = await call(t, 'GET', `/v1/orders/${order!.id}`);
    expect(fetched.body.lines.map((l: { lineId: string; amount: number }) => [l.lineId, l.amount])).toEqual([['1', 800], ['2', 250]]);
    expect(fetched.body.earned).toBeNull();
    await expectLedgerClean(t);

    const again = await call(t, 'POST', '/v1/imports/orders', { rows }, { role: 'integration' });
    expect(again.body).toMatchObject({ read: 3, imported: 0, skipped: 3, rejected: 0, orders: { imported: 0, skipped: 2 } });
    await expectLedgerClean(t);
  });

  it('rejects bad orders whole, with a reason per row, and imports the rest', async () => {
    const rows = [
      line('B-1', 'buyer-1', '1', { quantity: -1 }),
      line('B-1', 'buyer-1', '2'),
      line('B-2', 'nobody', '1'),
      line('B-3', 'buyer-1', '1', { currency: 'XYZ' }),
      line('B-4', 'buyer-1', '1', { occurred_at: '2027-01-01T00:00:00Z' }),
      line('B-5', 'buyer-1', '1'),
      line('B-5', 'buyer-1', '1'),
      line('B-6', 'buyer-1', '1'),
      line('B-6', 'buyer-2', '2'),
      line('B-7', 'buyer-2', '1'),
    ];
    const response = await call(t, 'POST', '/v1/imports/orders', { rows });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ read: 10, imported: 1, skipped: 0, rejected: 9, orders: { imported: 1, skipped: 0 } });
    const reasons = Object.fromEntries(response.body.rejects.map((r: { line: number; reason: string }) => [r.line, r.reason]));
    expect(reasons[1]).toBe('quantity: must be at least 1');
    expect(reasons[2]).toBe('rejected with its order B-1: line 1 is invalid');
    expect(reasons[3]).toBe('no member with external_id nobody (import members first)');
    expect(reasons[4]).toMatch(/^currency_invalid: /);
    expect(reasons[5]).toMatch(/^occurred_in_future: /);
    expect(reasons[7]).toMatch(/^duplicate_line_id: duplicate lineId 1/);
    expect(reasons[6]).toMatch(/^duplicate_line_id: /);
    expect(reasons[8]).toBe('the lines of order B-6 disagree on member_external_id');
    expect(reasons[9]).toBe(reasons[8]);
    const stored = await t.db.query<{ external_id: string }>("select external_id from orders where external_id like 'B-%' order by 1");
    expect(stored.map((row) => row.external_id)).toEqual(['B-7']);
    await expectLedgerClean(t);
  });

  it('a row with no member is a non-member\'s sale: kept as its total apart from members\' orders, skipped on a retry', async () => {
    const statsBefore = await t.db.query('select * from member_order_stats order by member_id, currency');
    const rows = [
      line('N-1', '', '1'),
      line('N-1', '', '2', { sku: 'CROISSANT', quantity: 1, unit_price: 280, discount: 30 }),
      line('N-2', '', '1', { store_id: '' }),
    ];
    const first = await call(t, 'POST', '/v1/imports/orders', { rows });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ read: 3, imported: 3, skipped: 0, rejected: 0, orders: { imported: 2, skipped: 0 } });
    const stored = await t.db.query("select external_id, currency, total::int, store_id, occurred_at from non_member_orders where external_id like 'N-%' order by 1");
    expect(stored).toEqual([
      { external_id: 'N-1', currency: 'EUR', total: 800 + 250, store_id: 'store-1', occurred_at: new Date('2026-03-01T10:00:00Z') },
      { external_id: 'N-2', currency: 'EUR', total: 800, store_id: null, occurred_at: new Date('2026-03-01T10:00:00Z') },
    ]);
    // Nothing a member's order touches: no order, no line, no aggregate, no ledger entry.
    expect(await t.db.query("select id from orders where external_id like 'N-%'")).toEqual([]);
    expect(await t.db.query('select * from member_order_stats order by member_id, currency')).toEqual(statsBefore);
    await expectLedgerClean(t);

    const again = await call(t, 'POST', '/v1/imports/orders', { rows });
    expect(again.body).toMatchObject({ read: 3, imported: 0, skipped: 3, rejected: 0, orders: { imported: 0, skipped: 2 } });
    const earning = await call(t, 'POST', '/v1/imports/orders', { rows, earn: true });
    expect(earning.body).toMatchObject({ imported: 0, skipped: 3, rejected: 0 });
  });

  it('one order number is one sale: a number recorded as the other kind, or with another total, is rejected', async () => {
    const seeded = await call(t, 'POST', '/v1/imports/orders', { rows: [line('X-M', 'buyer-1', '1'), line('X-N', '', '1')] });
    expect(seeded.body).toMatchObject({ imported: 2, rejected: 0 });
    for (const earn of [false, true]) {
      const response = await call(t, 'POST', '/v1/imports/orders', {
        rows: [line('X-M', '', '1'), line('X-N', 'buyer-1', '1'), line('N-2', '', '1', { store_id: '', quantity: 3 })],
        earn,
      });
      expect(response.body, `earn: ${earn}`).toMatchObject({ imported: 0, skipped: 0, rejected: 3 });
      expect(response.body.rejects.map((r: { reason: string }) => r.reason)).toEqual([
        "order X-M is already recorded as a member's order, or with a different time or total",
        "order X-N is already recorded as a non-member's order, or with a different member, time or lines (are its lines contiguous in the file?)",
        "order N-2 is already recorded as a member's order, or with a different time or total",
      ]);
    }
    // The API keeps to it too: a member's order cannot take a non-member's sale's number.
    const buyer = (await call(t, 'GET', '/v1/members?externalId=buyer-1')).body.data[0].id;
    const posted = await call(t, 'POST', '/v1/orders', { ...orderBody(buyer, [{ unitPrice: 400 }]), externalId: 'X-N' });
    expect(posted.status).toBe(409);
    expect(posted.body).toMatchObject({ code: 'order_already_recorded', detail: 'An order with externalId X-N is already recorded as a sale to a non-member (imported without a member).' });
    expect(await t.db.query("select count(*)::int as n from orders where external_id = 'X-N'")).toEqual([{ n: 0 }]);
    expect(await t.db.query("select count(*)::int as n from non_member_orders where external_id = 'X-M'")).toEqual([{ n: 0 }]);
  });

  it('with earn, orders earn by the program and land in the ledger', async () => {
    const response = await call(t, 'POST', '/v1/imports/orders', { rows: [line('E-1', 'buyer-2', '1')], earn: true });
    expect(response.body).toMatchObject({ imported: 1, rejected: 0 });
    const [order] = await t.db.query<{ points: number }>("select points from orders where external_id = 'E-1'");
    expect(order!.points).toBe(8);
    await expectLedgerClean(t);
  });

  it('an Idempotency-Key replays the first answer', async () => {
    const body = { rows: [line('K-1', 'buyer-1', '1')] };
    const headers = { 'idempotency-key': 'import-k-1' };
    const first = await call(t, 'POST', '/v1/imports/orders', body, { headers });
    const second = await call(t, 'POST', '/v1/imports/orders', body, { headers });
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(first.body.imported).toBe(1);
  });

  it('refuses more than 5,000 rows and an unknown column with 400', async () => {
    const many = await call(t, 'POST', '/v1/imports/orders', { rows: Array.from({ length: 5001 }, (_, i) => line(`X-${i}`, 'buyer-1', '1')) });
    expect(many.status).toBe(400);
    const unknown = await call(t, 'POST', '/v1/imports/orders', { rows: [{ ...line('X-1', 'buyer-1', '1'), colour: 'red' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('validation_failed');
  });
});
