import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { columnIndex } from '../modules/imports/columns.js';
import { OrderGrouper } from '../modules/imports/order-groups.js';
import { ORDER_COLUMNS, OrderRowReader, REQUIRED_ORDER_COLUMNS } from '../modules/imports/order-rows.js';
import { MEMBER_COLUMNS, readMemberRow, REQUIRED_MEMBER_COLUMNS } from '../modules/imports/member-rows.js';
import { rateScale, STORES, syntheticMembers, syntheticOrderLines, SYNTHETIC_ORDER_COLUMNS, type SyntheticOptions } from './synthetic.js';

const options: SyntheticOptions = { members: 1500, orders: 12_000, seed: 42, end: new Date('2026-01-01T00:00:00Z'), years: 3, currency: 'EUR' };
const lines = [...syntheticOrderLines(options, rateScale(options))];
const at = (name: string) => SYNTHETIC_ORDER_COLUMNS.indexOf(name);

/** Orders as (member, time, lines) from the contiguous lines. */
const orders = (() => {
  const byId = new Map<string, { member: string; time: string; lines: string[][] }>();
  for (const line of lines) {
    const id = line[at('order_id')]!;
    const order = byId.get(id) ?? { member: line[at('member_external_id')]!, time: line[at('occurred_at')]!, lines: [] };
    order.lines.push(line);
    byId.set(id, order);
  }
  return [...byId.values()];
})();

/** The rows as the importer groups and checks them. */
function groupedOrders(rows: readonly string[][]) {
  const reader = new OrderRowReader(columnIndex(SYNTHETIC_ORDER_COLUMNS, ORDER_COLUMNS, REQUIRED_ORDER_COLUMNS), ORDER_COLUMNS.length);
  const grouper = new OrderGrouper(reader, { program: loadConfig({}).program, now: options.end });
  return [...rows.map((fields, i) => grouper.add({ line: i + 2, fields })), grouper.finish()].filter((g) => g !== null);
}

describe('synthetic merchant', () => {
  it('is the same for the same options and differs with the seed', () => {
    const again = [...syntheticOrderLines(options, rateScale(options))];
    expect(again).toEqual(lines);
    expect([...syntheticMembers(options)]).toEqual([...syntheticMembers(options)]);
    const other = { ...options, seed: 43 };
    expect([...syntheticOrderLines(other, rateScale(other))].slice(0, 50)).not.toEqual(lines.slice(0, 50));
  });

  it('comes to about the orders asked for', () => {
    expect(orders.length).toBeGreaterThan(options.orders * 0.85);
    expect(orders.length).toBeLessThan(options.orders * 1.15);
  });

  it('has a sane share of repeat buyers, a long tail of regulars and some who never buy', () => {
    const perMember = new Map<string, number>();
    for (const order of orders) perMember.set(order.member, (perMember.get(order.member) ?? 0) + 1);
    const counts = [...perMember.values()];
    const repeatShare = counts.filter((n) => n >= 2).length / counts.length;
    expect(repeatShare).toBeGreaterThan(0.5);
    expect(repeatShare).toBeLessThan(0.95);
    expect(Math.max(...counts)).toBeGreaterThan(10 * (orders.length / counts.length));
    expect(perMember.size).toBeLessThan(options.members);
  });

  it('peaks in December, spreads over the stores, names brands within categories and discounts some lines', () => {
    const byMonth = new Array<number>(12).fill(0);
    for (const order of orders) byMonth[new Date(order.time).getUTCMonth()]! += 1;
    expect(byMonth[11]).toBe(Math.max(...byMonth));
    expect(new Set(lines.map((l) => l[at('store_id')]))).toEqual(new Set(STORES));
    const brandsOf = new Map<string, Set<string>>();
    for (const line of lines) brandsOf.set(line[at('category')]!, (brandsOf.get(line[at('category')]!) ?? new Set()).add(line[at('brand')]!));
    expect(brandsOf.size).toBeGreaterThanOrEqual(5);
    expect([...brandsOf.values()].every((brands) => brands.size >= 2)).toBe(true);
    const discounted = lines.filter((l) => l[at('discount')] !== '0').length / lines.length;
    expect(discounted).toBeGreaterThan(0.03);
    expect(discounted).toBeLessThan(0.15);
  });

  it('adds walk-in sales after the members’ orders, leaving those as they were', () => {
    const withWalkIns = [...syntheticOrderLines({ ...options, nonMemberOrders: 2000 }, rateScale(options))];
    expect(withWalkIns.slice(0, lines.length)).toEqual(lines);
    const walkIns = withWalkIns.slice(lines.length);
    expect(walkIns.every((line) => line[at('member_external_id')] === '' && /^W\d{7}$/.test(line[at('order_id')]!))).toBe(true);
    const sales = new Set(walkIns.map((line) => line[at('order_id')]));
    expect(sales.size).toBeGreaterThan(1990); // a sale drawn for the closing minutes of the last day falls past the end
    expect(sales.size).toBeLessThanOrEqual(2000);
    expect(new Set(walkIns.map((l) => l[at('store_id')]))).toEqual(new Set(STORES));
    const grouped = groupedOrders(walkIns);
    expect(grouped.filter((g) => 'rejected' in g)).toEqual([]);
    expect(grouped.every((g) => 'order' in g && g.order.memberRef === null)).toBe(true);
  });

  it('is all importable: every member and order passes the importer’s checks, all before the end', () => {
    const memberIndex = columnIndex(MEMBER_COLUMNS, MEMBER_COLUMNS, REQUIRED_MEMBER_COLUMNS);
    for (const fields of syntheticMembers(options)) expect(readMemberRow(fields, memberIndex, MEMBER_COLUMNS.length)).toHaveProperty('member');
    const grouped = groupedOrders(lines);
    expect(grouped.filter((g) => 'rejected' in g)).toEqual([]);
    expect(grouped).toHaveLength(orders.length);
    expect(orders.every((o) => new Date(o.time) < options.end)).toBe(true);
  });
});
