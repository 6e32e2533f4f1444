import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSummaryCsv, readTransactionsCsv } from './csv.js';
import { ClvError } from './errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fidelis-clv-csv-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(content: string): Promise<string> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(path, content);
  return path;
}

const HEADER = 'customer_id,frequency,recency,T,monetary_value';

describe('readSummaryCsv', () => {
  it('reads the summary columns in any order, ignoring others, BOM and CRLF included', async () => {
    const path = await file('\ufeffnote,T,customer_id,recency,frequency,monetary_value\r\nx,38.86,1,30.43,2,22.35\r\ny,38.86,2,0,0,0\r\n');
    expect(await readSummaryCsv(path)).toEqual([
      { customerId: '1', frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 },
      { customerId: '2', frequency: 0, recency: 0, T: 38.86, monetaryValue: 0 },
    ]);
  });

  it.each([
    [`${HEADER}\n1,2,30,38,abc\n`, 'clv_invalid_row', 'line 2: monetary_value is not a number ("abc")'],
    [`${HEADER}\n1,2,30,38,\n`, 'clv_invalid_row', 'line 2: monetary_value is not a number ("")'],
    [`${HEADER}\n1,2,30,38,5\n2,-1,0,38,0\n`, 'clv_invalid_row', 'line 3: frequency must not be negative (-1)'],
    [`${HEADER}\n1,2,40,38,5\n`, 'clv_invalid_row', 'line 2: recency (40) must not exceed T (38)'],
    [`${HEADER}\n1,2,30,38,5\n1,2,30,38,5\n`, 'clv_invalid_row', 'line 3: customer 1 appears twice'],
    [`customer_id,frequency,recency,T\n1,2,30,38\n`, 'clv_missing_column', 'has no column monetary_value'],
    [`${HEADER}\n1,2,30,38,5,extra\n`, 'clv_invalid_csv', 'Invalid Record Length'],
    [`${HEADER}\n"1,2,30,38,5\n`, 'clv_invalid_csv', 'Quote Not Closed'],
  ])('refuses %j with %s', async (content, code, message) => {
    const path = await file(content);
    const error = await readSummaryCsv(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClvError);
    expect(error).toMatchObject({ code });
    expect((error as ClvError).message).toContain(message);
  });

  it('names a file it cannot read', async () => {
    await expect(readSummaryCsv(join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'clv_input_unreadable', message: expect.stringContaining('ENOENT') });
    await expect(readSummaryCsv(dir)).rejects.toMatchObject({ code: 'clv_input_unreadable', message: expect.stringContaining('EISDIR') });
  });
});

describe('readTransactionsCsv', () => {
  const columns = { customer: 'member', date: 'day', amount: 'total' };

  it('summarises purchases per customer as of the calibration end', async () => {
    const path = await file('member,day,total\na,2026-01-01,10\na,2026-01-08T10:00:00Z,20\nb,2026-01-05,7\na,2026-03-01,99\n');
    expect(await readTransactionsCsv(path, columns, '2026-01-29', 'week')).toEqual([
      { customerId: 'a', frequency: 1, recency: 1, T: 4, monetaryValue: 20 },
      { customerId: 'b', frequency: 0, recency: 0, T: 24 / 7, monetaryValue: 0 },
    ]);
  });

  it.each([
    ['member,day,total\na,yesterday,10\n', '2026-01-29', 'clv_invalid_row', 'line 2: day is not a date'],
    ['member,day,total\na,2026-01-01,-10\n', '2026-01-29', 'clv_invalid_row', 'line 2: amount must be a non-negative number (-10)'],
    ['member,day,total\na,2026-01-01,ten\n', '2026-01-29', 'clv_invalid_row', 'line 2: total is not a number ("ten")'],
    ['member,date,total\na,2026-01-01,10\n', '2026-01-29', 'clv_missing_column', 'has no column day'],
    ['member,day,total\na,2026-01-01,10\n', '29/01/2026', 'clv_invalid_option', 'calibration end must be a date'],
  ])('refuses %j (end %s)', async (content, end, code, message) => {
    const path = await file(content);
    const error = await readTransactionsCsv(path, columns, end, 'week').catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect((error as ClvError).message).toContain(message);
  });
});
