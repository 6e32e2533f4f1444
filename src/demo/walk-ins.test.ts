import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { columnIndex } from '../modules/imports/columns.js';
import { OrderGrouper } from '../modules/imports/order-groups.js';
import { ORDER_COLUMNS, OrderRowReader, REQUIRED_ORDER_COLUMNS } from '../modules/imports/order-rows.js';
import { walkInRows } from './walk-ins.js';

const now = new Date('2026-11-01T00:00:00Z');
const DAY = 86_400_000;

describe('demo walk-in sales', () => {
  it('are the same every time, over the two years before now, and all importable as non-members’ orders', () => {
    const rows = walkInRows(500, now);
    expect(walkInRows(500, now)).toEqual(rows);
    const reader = new OrderRowReader(columnIndex(ORDER_COLUMNS, ORDER_COLUMNS, REQUIRED_ORDER_COLUMNS), ORDER_COLUMNS.length);
    const grouper = new OrderGrouper(reader, { program: loadConfig({}).program, now });
    const grouped = [...rows.map((fields, i) => grouper.add({ line: i + 2, fields })), grouper.finish()].filter((g) => g !== null);
    expect(grouped).toHaveLength(500);
    const orders = grouped.map((g) => ('order' in g ? g.order : null));
    expect(orders.every((o) => o !== null && o.memberRef === null)).toBe(true);
    const times = orders.map((o) => o!.occurredAt.getTime());
    expect(Math.min(...times)).toBeGreaterThan(now.getTime() - 730 * DAY);
    expect(Math.max(...times)).toBeLessThan(now.getTime());
    expect(rows.length).toBeGreaterThan(550); // some sales of two items
    expect(rows.length).toBeLessThan(700);
  });
});
