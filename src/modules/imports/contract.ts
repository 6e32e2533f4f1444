import { z } from 'zod';
import { MEMBER_COLUMNS } from './member-rows.js';
import { ORDER_COLUMNS } from './order-rows.js';

const count = z.number().int().min(0);

export const importSummary = z.object({
  read: count.meta({ description: 'Rows read: CSV lines after the header, or items of the JSON array.' }),
  imported: count.meta({ description: 'Rows written.' }),
  skipped: count.meta({ description: 'Rows already imported (same order or member external id): re-running resumes.' }),
  rejected: count.meta({ description: 'Rows left out, each with its line and reason in the reject file (or `rejects`).' }),
  seconds: z.number(),
  orders: z
    .object({ imported: count, skipped: count })
    .optional()
    .meta({ description: 'Order imports: the same in orders rather than lines.' }),
});
export type ImportSummary = z.infer<typeof importSummary>;

export const rejectedRow = z.object({
  line: z.number().int().meta({ description: 'Line in the file, or 1-based position in the JSON array.' }),
  reason: z.string().meta({ example: 'quantity: must be at least 1' }),
  row: z.array(z.string()).meta({ description: 'The row as sent, in column order.' }),
});

/** A CSV cell as JSON: text, a number, or null/absent for an empty cell. Values are checked per row, so a bad one rejects its row, not the request. */
const cell = z.union([z.string().max(1000), z.number()]).nullable().optional();

function rowOf<C extends string>(columns: readonly C[]) {
  return z.strictObject(Object.fromEntries(columns.map((column) => [column, cell])) as Record<C, typeof cell>);
}

export const importOrdersBody = z
  .object({
    rows: z
      .array(rowOf(ORDER_COLUMNS))
      .min(1)
      .max(5000)
      .meta({ description: 'Order lines; the lines of one order one after another. An empty `member_external_id` makes the order a sale to a non-member (kept apart, for members-vs-non-members figures).' }),
    earn: z.boolean().default(false).meta({ description: 'Earn points by the program as if each order were recorded now (slow, exact); default: no points.' }),
  })
  .meta({
    id: 'ImportOrders',
    example: {
      rows: [
        { order_id: 'R-1182', member_external_id: 'crm-42', occurred_at: '2025-11-25T09:14:00Z', line_id: '1', sku: 'FLAT-WHITE', category: 'coffee', brand: 'House', quantity: 2, unit_price: 350, currency: 'EUR', store_id: 'store-1', staff_id: 'maria', discount: 0 },
        { order_id: 'R-1182', member_external_id: 'crm-42', occurred_at: '2025-11-25T09:14:00Z', line_id: '2', sku: 'CROISSANT', category: 'bakery', quantity: 1, unit_price: 275, currency: 'EUR', store_id: 'store-1', staff_id: 'maria' },
      ],
    },
  });

export const importMembersBody = z
  .object({ rows: z.array(rowOf(MEMBER_COLUMNS)).min(1).max(5000) })
  .meta({
    id: 'ImportMembers',
    example: { rows: [{ external_id: 'crm-42', email: 'ada@example.com', phone: '+4915112345678', name: 'Ada Lovelace', birthday: '1990-04-17', locale: 'en', marketing_consent: 'true' }] },
  });

export const importResult = importSummary.extend({ rejects: z.array(rejectedRow) }).meta({
  id: 'ImportResult',
  example: {
    read: 3,
    imported: 2,
    skipped: 0,
    rejected: 1,
    seconds: 0.04,
    orders: { imported: 1, skipped: 0 },
    rejects: [{ line: 3, reason: 'quantity: must be at least 1', row: ['R-1183', 'crm-42', '2025-11-25T09:20:00Z', '1', 'LATTE', 'coffee', '', '-1', '400', 'EUR', 'store-1', 'maria', ''] }],
  },
});
export type ImportResult = z.infer<typeof importResult>;
