// The rows of an HTTP import (JSON objects keyed by column) as the same row source a CSV file gives,
// so both go through one importer; and the rejects collected for the answer.
import { storableCopy } from '../../db/text.js';
import type { ImportResult, ImportSummary } from './contract.js';
import type { RejectedRow, RowSource } from './rows.js';

type JsonRow = Record<string, string | number | null | undefined>;

/** Each object as fields in `columns` order (absent or null → ''), numbered from 1 by position. */
export function jsonRowSource(columns: readonly string[], rows: readonly JsonRow[]): RowSource {
  async function* numbered() {
    yield rows.map((row, i) => ({ line: i + 1, fields: columns.map((column) => cellText(row[column])) }));
  }
  return { columns, chunks: numbered() };
}

function cellText(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Runs an import with its rejects gathered, and answers with the summary and the rejects by line. */
export async function withRejects(run: (onRejected: (rows: readonly RejectedRow[]) => void) => Promise<ImportSummary>): Promise<ImportResult> {
  const rejected: RejectedRow[] = [];
  const summary = await run((rows) => void rejected.push(...rows));
  // The answer is stored for Idempotency-Key replays, so a refused NUL is echoed as U+FFFD.
  const rejects = rejected.sort((a, b) => a.line - b.line).map(({ line, reason, fields }) => ({ line, reason, row: fields.map(storableCopy) }));
  return { ...summary, rejects };
}
