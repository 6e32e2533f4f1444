// What every import reads and reports, whatever the rows came from (a CSV file or a JSON body).
import { plainMessage } from '../../validation-messages.js';

/** One row: its line in the file (or 1-based position in a JSON array) and its fields in column order. */
export interface SourceRow {
  line: number;
  fields: string[];
  /** Lets go of what the row can rebuild when asked again (its fields, from its text): for rows an import holds on to. */
  compact?(): void;
}

/** The columns in the order rows carry them, then the rows. */
export interface RowSource {
  columns: readonly string[];
  /**
   * The rows in file order, in chunks as they are read (a file's few hundred at a time): awaiting a
   * million rows one by one cost a bulk import more in promises than reading them.
   */
  chunks: AsyncIterable<readonly SourceRow[]>;
}

/**
 * Rows made in memory (demo and synthetic data) as an import source, numbered like the lines of the
 * file they would be written to (the header being line 1), a thousand to a chunk.
 * @example await importOrders(generatedRowSource(ORDER_COLUMNS, rows), atomically, options)
 */
export function generatedRowSource(columns: readonly string[], rows: Iterable<string[]>): RowSource {
  async function* numbered() {
    let line = 1;
    let chunk: SourceRow[] = [];
    for (const fields of rows) {
      chunk.push({ line: (line += 1), fields });
      if (chunk.length === 1000) {
        yield chunk;
        chunk = [];
      }
    }
    yield chunk;
  }
  return { columns, chunks: numbered() };
}

/** A row left out, with why; the reject file holds one of these per line. */
export interface RejectedRow {
  line: number;
  fields: readonly string[];
  reason: string;
}

/** Where rejected rows go: the CLI appends them to the reject file, HTTP collects them for the answer. */
export type RejectSink = (rows: readonly RejectedRow[]) => void | Promise<void>;

/** The zod issues of a row as one readable reason, field by field, in plain words. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join('.')}: ${plainMessage({ keyword: issue.code, message: issue.message, params: { ...issue } })}`).join('; ');
}
