// The only I/O of the CLV module: streaming CSV readers for customer summaries and transactions.
// Files are parsed record by record (csv-parse on a read stream), never read whole into memory.
import { open } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse';
import { ClvError } from './errors.js';
import { summaryProblem, SUMMARY_COLUMNS, type CustomerSummary, type TimeUnit } from './summary.js';
import { calendarDay, TransactionSummarizer } from './transactions.js';


const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Rows of `path` as the texts of the `required` columns, in that order, with their line numbers. */
async function* csvRows(path: string, required: readonly string[]): AsyncGenerator<{ line: number; values: string[] }> {
  const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new ClvError('clv_input_unreadable', `cannot read ${path}: ${error.code ?? error.message}`);
  });
  const source = file.createReadStream();
  const parser = source.pipe(parse({ bom: true, trim: true, skip_empty_lines: true, info: true }));
  // pipe() does not forward read errors; without this a failing read leaves the parser waiting forever.
  source.on('error', (error) => parser.destroy(error));
  let positions: number[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!positions) {
        const missing = required.filter((name) => !record.includes(name));
        if (missing.length > 0) {
          throw new ClvError('clv_missing_column', `${path} has no column ${missing.join(', ')} (columns: ${record.join(', ')})`);
        }
        positions = required.map((name) => record.indexOf(name));
        continue;
      }
      yield { line: info.lines, values: positions.map((at) => record[at] ?? '') };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new ClvError('clv_invalid_csv', `${path}: ${error.message}`);
    // A path that opens but cannot be read as a file (a directory: EISDIR).
    if (error instanceof Error && 'syscall' in error) throw new ClvError('clv_input_unreadable', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code}`);
    throw error;
  } finally {
    parser.destroy();
    await file.close();
  }
}

function decimal(text: string, column: string, line: number): number {
  if (!DECIMAL.test(text)) throw new ClvError('clv_invalid_row', `line ${line}: ${column} is not a number (${JSON.stringify(text)})`);
  return Number(text);
}

/**
 * Reads a summary CSV with columns customer_id, frequency, recency, T, monetary_value (others are
 * ignored) and checks every row, naming the line of the first bad one.
 */
export async function readSummaryCsv(path: string): Promise<CustomerSummary[]> {
  const summaries: CustomerSummary[] = [];
  const seen = new Set<string>();
  for await (const { line, values } of csvRows(path, SUMMARY_COLUMNS)) {
    const [customerId = '', frequency = '', recency = '', T = '', monetaryValue = ''] = values;
    if (customerId === '') throw new ClvError('clv_invalid_row', `line ${line}: customer_id is empty`);
    if (seen.has(customerId)) throw new ClvError('clv_invalid_row', `line ${line}: customer ${customerId} appears twice`);
    seen.add(customerId);
    const summary = {
      customerId,
      frequency: decimal(frequency, 'frequency', line),
      recency: decimal(recency, 'recency', line),
      T: decimal(T, 'T', line),
      monetaryValue: decimal(monetaryValue, 'monetary_value', line),
    };
    const problem = summaryProblem(summary);
    if (problem) throw new ClvError('clv_invalid_row', `line ${line}: ${problem}`);
    summaries.push(summary);
  }
  return summaries;
}

export interface TransactionColumns {
  customer: string;
  date: string;
  amount: string;
}

/**
 * Reads a transaction CSV (one row per purchase: customer, date, amount; other columns ignored)
 * and summarises each customer as of `calibrationEnd` (YYYY-MM-DD, inclusive) in `timeUnit`.
 */
export async function readTransactionsCsv(path: string, columns: TransactionColumns, calibrationEnd: string, timeUnit: TimeUnit): Promise<CustomerSummary[]> {
  const endDay = calendarDay(calibrationEnd);
  if (endDay === null) throw new ClvError('clv_invalid_option', `calibration end must be a date (YYYY-MM-DD), got ${JSON.stringify(calibrationEnd)}`);
  const summarizer = new TransactionSummarizer(endDay, timeUnit);
  for await (const { line, values } of csvRows(path, [columns.customer, columns.date, columns.amount])) {
    const [customerId = '', date = '', amount = ''] = values;
    const day = calendarDay(date);
    if (day === null) throw new ClvError('clv_invalid_row', `line ${line}: ${columns.date} is not a date (YYYY-MM-DD…): ${JSON.stringify(date)}`);
    summarizer.add({ customerId, day, amount: decimal(amount, columns.amount, line) }, `line ${line}`);
  }
  return summarizer.summaries();
}
