// `COPY ... FROM STDIN` over node-postgres, which has no API of its own for it: a Submittable (the
// driver's documented extension point, as pg-copy-streams uses) that answers the server's CopyInResponse
// with the whole text in one CopyData message. Callers send bounded chunks, so no stream is needed.
import type pg from 'pg';

/** The connection methods of the COPY sub-protocol (present in pg 8, absent from its type declarations). */
interface CopyConnection extends pg.Connection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

class CopyIn implements pg.Submittable {
  private rows = 0;

  constructor(
    private readonly statement: string,
    private readonly data: Buffer,
    private readonly done: (error: Error | null, rows: number) => void,
  ) {}

  submit(connection: pg.Connection): void {
    connection.query(this.statement);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }): void {
    this.rows = Number(/(\d+)$/.exec(message.text)?.[1] ?? 0);
  }

  /** The client drops a failed query before the server's ReadyForQuery, so a failure settles here. */
  handleError(error: Error): void {
    this.done(error, this.rows);
  }

  handleReadyForQuery(): void {
    this.done(null, this.rows);
  }

  // A COPY FROM answers with none of these; the client calls them on whatever query is active.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Runs `statement` (a `COPY ... FROM STDIN`) with `data` (UTF-8 text) as its data; resolves to the rows copied.
 * @example await copyFrom(client, 'copy t (a, b) from stdin', Buffer.from('x\t1\ny\t\\N\n')) // 2
 */
export function copyFrom(client: pg.ClientBase, statement: string, data: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    client.query(new CopyIn(statement, data, (error, rows) => (error ? reject(error) : resolve(rows))));
  });
}

/**
 * A value as a field of COPY's text format: null as `\N`, and the four characters that would end the
 * field or the row escaped.
 * @example copyField('a\tb') // 'a\\tb'
 */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (c) => ESCAPES[c]!) : value;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
