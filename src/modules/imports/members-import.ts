// `fidelis import members` and POST /v1/imports/members: rows → members → batches → one statement each.
import { columnIndex } from './columns.js';
import type { ImportSummary } from './contract.js';
import { MEMBER_COLUMNS, readMemberRow, REQUIRED_MEMBER_COLUMNS } from './member-rows.js';
import { writeMemberBatch, type MemberToWrite } from './member-writer.js';
import { round } from './orders-import.js';
import { BatchWriter, type Atomically } from './pipeline.js';
import type { RejectedRow, RejectSink, RowSource } from './rows.js';

const BATCH_SIZE = 2000;

/** The fields a member is recognised by; two rows of one batch may not share one. */
const UNIQUE_FIELDS = ['externalId', 'email', 'phone'] as const;

/**
 * Streams member rows into batches, each written all or nothing; members already imported (by
 * external_id) are skipped, so a re-run resumes. Bad rows go to `onRejected` with their line and reason.
 * @example await importMembers(await csvRowSource(createReadStream('members.csv')), (fn) => db.transaction(fn), { now, onRejected })
 */
export async function importMembers(source: RowSource, atomically: Atomically, options: { now: Date; onRejected: RejectSink }): Promise<ImportSummary> {
  const started = performance.now();
  const index = columnIndex(source.columns, MEMBER_COLUMNS, REQUIRED_MEMBER_COLUMNS);
  const tally = { read: 0, imported: 0, skipped: 0, rejected: 0 };
  const reject = async (rows: readonly RejectedRow[]) => {
    tally.rejected += rows.length;
    if (rows.length > 0) await options.onRejected(rows);
  };
  const write = (batch: MemberToWrite[]) => atomically((tx) => writeMemberBatch(tx, batch, options.now));
  const writer = new BatchWriter(write, async (outcome) => {
    tally.imported += outcome.imported;
    tally.skipped += outcome.skipped;
    await reject(outcome.rejected);
  });
  let batch: MemberToWrite[] = [];
  let seen = new Map<string, number>();
  for await (const chunk of source.chunks) {
    for (const row of chunk) {
      tally.read += 1;
      const read = readMemberRow(row.fields, index, source.columns.length);
      if ('reason' in read) {
        await reject([{ line: row.line, fields: row.fields, reason: read.reason }]);
        continue;
      }
      const repeated = repeatedIn(seen, read.member, row.line);
      if (repeated) {
        await reject([{ line: row.line, fields: row.fields, reason: repeated }]);
        continue;
      }
      batch.push({ member: read.member, row });
      if (batch.length >= BATCH_SIZE) {
        await writer.submit(batch);
        batch = [];
        seen = new Map();
      }
    }
  }
  if (batch.length > 0) await writer.submit(batch);
  await writer.drain();
  return { ...tally, seconds: round((performance.now() - started) / 1000) };
}

/** Why the member repeats an identifier of an earlier row of the batch, or null (and remembers its own). */
function repeatedIn(seen: Map<string, number>, member: MemberToWrite['member'], line: number): string | null {
  for (const field of UNIQUE_FIELDS) {
    const value = member[field];
    const earlier = value === undefined ? undefined : seen.get(`${field}:${value}`);
    if (earlier !== undefined) return `${field === 'externalId' ? 'external_id' : field} ${value} already appears at line ${earlier}`;
  }
  for (const field of UNIQUE_FIELDS) {
    const value = member[field];
    if (value !== undefined) seen.set(`${field}:${value}`, line);
  }
  return null;
}
