// The reject file: one CSV line per rejected row with its line number, the reason and the row itself.
import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { stringify, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { RejectedRow } from '../modules/imports/rows.js';

/**
 * Created on the first rejected row, so a clean import leaves no file; a file left by an earlier run is
 * removed at once, so what is there afterwards always belongs to this run.
 */
export class RejectFile {
  private out: Stringifier | null = null;
  private closed: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {
    rmSync(path, { force: true });
  }

  async write(rows: readonly RejectedRow[]): Promise<void> {
    const out = this.out ?? this.open();
    for (const row of rows) {
      if (!out.write([row.line, row.reason, stringifySync([row.fields]).trimEnd()])) await once(out, 'drain');
    }
  }

  async close(): Promise<void> {
    this.out?.end();
    await this.closed;
  }

  private open(): Stringifier {
    const out = stringify({ header: true, columns: ['line', 'reason', 'row'] });
    const file = createWriteStream(this.path);
    out.pipe(file);
    this.closed = once(file, 'close');
    this.out = out;
    return out;
  }
}
