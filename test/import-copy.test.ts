// The COPY path of the order import (PostgreSQL only, so the pglite project leaves this file out) against
// the array statement every other path uses: the same file gives the same orders, lines, aggregates and
// rejects, and an import that dies between batches resumes where it stopped.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.js';
import { csvRowSource } from '../src/modules/imports/csv-source.js';
import { foreignKeyChecks } from '../src/modules/imports/order-copy-writer.js';
import { importMembers } from '../src/modules/imports/members-import.js';
import { importOrders, type OrderImportOptions } from '../src/modules/imports/orders-import.js';
import type { Atomically } from '../src/modules/imports/pipeline.js';
import type { RejectedRow } from '../src/modules/imports/rows.js';
import { driftedOrderStats } from '../src/modules/orders/stats.js';
import { adminQuery, createTestDatabase, type TestDatabase } from './harness.js';

const HEADER = 'order_id,member_external_id,occurred_at,line_id,sku,category,brand,quantity,unit_price,currency,store_id,staff_id,discount';

/** 60 orders of 1–3 lines for three members, then rows each of a kind the import must reject or read with care. */
function ordersFile(): { text: string; badLines: number[] } {
  const rows = [HEADER];
  for (let i = 1; i <= 60; i++) {
    const member = `C-${(i % 3) + 1}`;
    const at = new Date(Date.UTC(2025, i % 12, (i % 27) + 1, 9, i % 60)).toISOString();
    for (let line = 1; line <= (i % 3) + 1; line++) {
      const category = ['coffee', 'tea', ''][line % 3];
      const brand = line === 2 ? 'Illy' : '';
      rows.push(`O-${i},${member},${at},${line},SKU-${(i * line) % 7},${category},${brand},${line},${300 + i},EUR,s${i % 2},staff,${i % 4 === 0 ? 50 : 0}`);
    }
  }
  // Sales to non-members: an empty member_external_id.
  for (let i = 1; i <= 5; i++) {
    for (let line = 1; line <= (i % 2) + 1; line++) rows.push(`N-${i},,2025-05-0${i}T12:00:00Z,${line},SKU-${line},tea,,${line},${200 + i},EUR,${i === 5 ? '' : 's1'},,0`);
  }
  const badLines: number[] = [];
  // push answers the new length: the row's line in the file, the header being line 1.
  const bad = (row: string) => badLines.push(rows.push(row));
  bad('B-1,C-1,2025-03-01T09:00:00Z,1,LATTE,coffee,,-1,400,EUR,s1,anna,0');
  bad('B-2,NOBODY,2025-03-01T09:00:00Z,1,LATTE,coffee,,1,400,EUR,s1,anna,0');
  bad('B-3,C-2,2099-03-01T09:00:00Z,1,LATTE,coffee,,1,400,EUR,s1,anna,0');
  // Characters COPY's text format must escape, and a quoted field across two lines.
  rows.push('Q-1,C-2,2025-04-01T09:00:00Z,1,"TAB\tBACK\\SLASH",tea,,1,500,EUR,s1,anna,0');
  rows.push('Q-1,C-2,2025-04-01T09:00:00Z,2,"TWO\nLINES, ONE SKU",tea,,2,250,EUR,s1,anna,0');
  return { text: `${rows.join('\n')}\n`, badLines };
}

async function importFile(t: TestDatabase, text: string, options: Partial<OrderImportOptions>, atomically?: Atomically) {
  const rejects: RejectedRow[] = [];
  const summary = await importOrders(await csvRowSource(Readable.from([Buffer.from(text)])), atomically ?? ((fn) => t.db.transaction(fn)), {
    program: t.config.program,
    now: new Date('2026-01-01T00:00:00Z'),
    earn: null,
    onRejected: (rows) => void rejects.push(...rows),
    ...options,
  });
  return { summary, rejects: rejects.map(({ line, reason }) => ({ line, reason })).sort((a, b) => a.line - b.line) };
}

/** Everything an import writes, keyed by external ids (the generated ids differ between databases). */
async function contents(db: Database) {
  return {
    orders: await db.query(`select o.external_id, m.external_id as member, o.currency, o.total, o.points, o.store_id, o.staff_id, o.occurred_at
      from orders o join members m on m.id = o.member_id order by o.external_id`),
    lines: await db.query(`select o.external_id, l.line_id, l.position, l.sku, l.category, l.brand, l.quantity, l.unit_price, l.discount, l.amount, l.points
      from order_lines l join orders o on o.id = l.order_id order by o.external_id, l.line_id`),
    orderStats: await db.query(`select m.external_id, s.currency, s.orders, s.spend, s.discount, s.full_price_spend, s.first_order_at, s.last_order_at
      from member_order_stats s join members m on m.id = s.member_id order by 1, 2`),
    productStats: await db.query(`select m.external_id, s.category, s.brand, s.purchases, s.quantity
      from member_product_stats s join members m on m.id = s.member_id order by 1, 2, 3`),
    nonMemberOrders: await db.query('select external_id, currency, total, store_id, staff_id, occurred_at from non_member_orders order by external_id'),
  };
}

let viaCopy: TestDatabase;
let viaArrays: TestDatabase;

beforeAll(async () => {
  [viaCopy, viaArrays] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const members = 'external_id,name\nC-1,Ada\nC-2,Ben\nC-3,Chloé\n';
  for (const t of [viaCopy, viaArrays]) {
    await importMembers(await csvRowSource(Readable.from([Buffer.from(members)])), (fn) => t.db.transaction(fn), { now: new Date(), onRejected: () => undefined });
  }
});
afterAll(async () => {
  await Promise.all([viaCopy?.drop(), viaArrays?.drop()]);
});

describe('order import through COPY', () => {
  it('writes what the array statement writes, rejects the same rows, and resumes after dying between batches', async () => {
    const { text, badLines } = ordersFile();
    const batch = { orders: 8, lines: 16 };

    // The first run dies while writing its third batch: two batches are committed, nothing of the third.
    let batches = 0;
    const dying: Atomically = (fn) => (++batches === 3 ? Promise.reject(new Error('killed')) : viaCopy.db.transaction(fn));
    await expect(importFile(viaCopy, text, { copy: true, batch }, dying)).rejects.toThrow('killed');
    const [{ committed }] = (await viaCopy.db.query<{ committed: number }>('select count(*)::int as committed from order_lines')) as [{ committed: number }];
    expect(committed).toBeGreaterThan(0);

    const resumed = await importFile(viaCopy, text, { copy: true, batch });
    const reference = await importFile(viaArrays, text, { copy: false });
    expect(resumed.summary.skipped).toBe(committed);
    expect(resumed.summary.imported + resumed.summary.skipped).toBe(reference.summary.imported);
    expect(resumed.summary.rejected).toBe(reference.summary.rejected);
    expect(resumed.rejects).toEqual(reference.rejects);
    expect(resumed.rejects.map((r) => r.line)).toEqual(badLines);
    expect(resumed.rejects.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^quantity: /),
      'no member with external_id NOBODY (import members first)',
      expect.stringMatching(/^occurred_in_future/),
    ]);

    const copied = await contents(viaCopy.db);
    expect(copied).toEqual(await contents(viaArrays.db));
    expect(copied.orders).toHaveLength(61);
    expect(copied.nonMemberOrders.map((o) => [o.external_id, Number(o.total), o.store_id])).toEqual([
      ['N-1', 201 + 2 * 201, 's1'],
      ['N-2', 202, 's1'],
      ['N-3', 203 + 2 * 203, 's1'],
      ['N-4', 204, 's1'],
      ['N-5', 205 + 2 * 205, null],
    ]);
    expect(copied.lines.filter((l) => l.external_id === 'Q-1').map((l) => l.sku)).toEqual(['TAB\tBACK\\SLASH', 'TWO\nLINES, ONE SKU']);
    expect(await driftedOrderStats(viaCopy.db)).toEqual([]);
    expect(await driftedOrderStats(viaArrays.db)).toEqual([]);

    // A second full run writes nothing and rejects the same rows again.
    const again = await importFile(viaCopy, text, { copy: true });
    expect(again.summary).toMatchObject({ imported: 0, skipped: reference.summary.imported, rejected: 3 });
    expect(await contents(viaCopy.db)).toEqual(copied);
  });

  it('writes a batch PostgreSQL aborted as a deadlock again, and gives up on any other failure', async () => {
    const { text } = ordersFile();
    const fresh = await createTestDatabase();
    try {
      const members = 'external_id,name\nC-1,Ada\nC-2,Ben\nC-3,Chloé\n';
      await importMembers(await csvRowSource(Readable.from([Buffer.from(members)])), (fn) => fresh.db.transaction(fn), { now: new Date(), onRejected: () => undefined });
      // The second transaction (the first batch's) is aborted as a deadlock once, after it has begun.
      let calls = 0;
      const deadlockOnce: Atomically = (fn) =>
        fresh.db.transaction(async (tx) => {
          if (++calls === 2) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
          return fn(tx);
        });
      const retried = await importFile(fresh, text, { copy: true, batch: { orders: 8, lines: 16 } }, deadlockOnce);
      expect(retried.summary).toMatchObject({ imported: 130, skipped: 0, rejected: 3 }) // 122 members' lines, 8 non-members';
      expect(await contents(fresh.db)).toEqual(await contents(viaArrays.db));

      const refused: Atomically = () => Promise.reject(Object.assign(new Error('permission denied'), { code: '42501' }));
      await expect(importFile(fresh, text, { copy: false }, refused)).rejects.toThrow('permission denied');
    } finally {
      await fresh.drop();
    }
  });

  it('keeps the foreign keys by construction, and lets PostgreSQL check every row for a role that may not skip the checks', async () => {
    // Skipping trigger checks is only sound while the tables the statement writes have no triggers of their own.
    const triggers = await viaCopy.db.query(`select tgrelid::regclass::text as tbl, tgname from pg_trigger
      where not tgisinternal and tgrelid in ('orders'::regclass, 'order_lines'::regclass, 'member_order_stats'::regclass, 'member_product_stats'::regclass, 'outbox'::regclass, 'non_member_orders'::regclass)`);
    expect(triggers).toEqual([]);
    expect(await foreignKeyChecks((fn) => viaCopy.db.transaction(fn))).toBe('by-construction');

    // A plain role (what a production deployment should run as) may not set session_replication_role.
    const role = `fidelis_import_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create role ${role}`);
    const fresh = await createTestDatabase();
    try {
      await fresh.db.query(`grant all on all tables in schema public to ${role}`);
      const members = 'external_id,name\nC-1,Ada\nC-2,Ben\nC-3,Chloé\n';
      await importMembers(await csvRowSource(Readable.from([Buffer.from(members)])), (fn) => fresh.db.transaction(fn), { now: new Date(), onRejected: () => undefined });
      const asPlainRole: Atomically = (fn) =>
        fresh.db.transaction(async (tx) => {
          await tx.query(`set local role ${role}`);
          return fn(tx);
        });
      expect(await foreignKeyChecks(asPlainRole)).toBe('triggers');
      const { text } = ordersFile();
      const checked = await importFile(fresh, text, { copy: true, batch: { orders: 8, lines: 16 } }, asPlainRole);
      expect(checked.summary).toMatchObject({ imported: 130, rejected: 3 });
      expect(await contents(fresh.db)).toEqual(await contents(viaArrays.db));
    } finally {
      await fresh.drop();
      await adminQuery(`drop role if exists ${role}`);
    }

    // Whichever way they were kept, no line lacks its order and no order its member.
    for (const db of [viaCopy.db, viaArrays.db]) {
      const [orphans] = await db.query<{ lines: number; orders: number }>(`select
        (select count(*)::int from order_lines l where not exists (select 1 from orders o where o.id = l.order_id)) as lines,
        (select count(*)::int from orders o where not exists (select 1 from members m where m.id = o.member_id)) as orders`);
      expect(orphans).toEqual({ lines: 0, orders: 0 });
    }
  });
});
