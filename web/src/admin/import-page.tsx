import { useId, useState, type FormEvent } from 'react';
import { failureText, newIdempotencyKey, unwrap, type ApiClient } from '../api/client.ts';
import { formatNumber } from '../format.ts';
import { parseCsv } from '../ui/csv.ts';
import { DataTable } from '../ui/data-table.tsx';
import { ErrorMessage } from '../ui/field.tsx';
import { IMPORT_COLUMNS, rejectsOnFileLines, toBatches, unknownColumns, type Batch, type ImportKind, type Reject } from './import-batches.ts';
import './admin.css';

/** Rows per request: small enough for steady progress, far under the API's 5,000. */
const BATCH_ROWS = 500;

interface Progress {
  total: number;
  sent: number;
  imported: number;
  skipped: number;
  rejects: Reject[];
  finished: boolean;
}

async function sendBatch(client: ApiClient, kind: ImportKind, batch: Batch, earn: boolean) {
  const headers = { 'Idempotency-Key': newIdempotencyKey() };
  return kind === 'members'
    ? unwrap(await client.POST('/v1/imports/members', { headers, body: { rows: batch.rows } }))
    : unwrap(await client.POST('/v1/imports/orders', { headers, body: { rows: batch.rows, earn } }));
}

/** Members or orders from a CSV file, sent in batches with a progress bar; rejected rows by file line. */
export function ImportPage({ client }: { client: ApiClient }) {
  const [kind, setKind] = useState<ImportKind>('members');
  const [file, setFile] = useState<File | null>(null);
  const [earn, setEarn] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileId = useId();
  const busy = progress !== null && !progress.finished;

  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    const { header, records } = parseCsv(await file.text());
    const unknown = unknownColumns(kind, header);
    if (unknown.length > 0) {
      setProgress(null);
      setError(`The file has columns the ${kind} import does not know: ${unknown.join(', ')}. Expected: ${IMPORT_COLUMNS[kind].join(', ')}.`);
      return;
    }
    const { batches, rejects } = toBatches(kind, header, records, BATCH_ROWS);
    let state: Progress = { total: records.length, sent: rejects.length, imported: 0, skipped: 0, rejects, finished: false };
    setProgress(state);
    try {
      for (const batch of batches) {
        const result = await sendBatch(client, kind, batch, earn);
        state = {
          ...state,
          sent: state.sent + batch.rows.length,
          imported: state.imported + result.imported,
          skipped: state.skipped + result.skipped,
          rejects: [...state.rejects, ...rejectsOnFileLines(batch, result.rejects)].sort((a, b) => a.line - b.line),
        };
        setProgress(state);
      }
    } catch (failure) {
      setError(`Stopped after ${formatNumber(state.sent)} rows: ${failureText(failure)} Rows already imported stay; importing the file again skips them.`);
    }
    setProgress({ ...state, finished: true });
  };

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <form className="card" onSubmit={run} aria-labelledby="import-title">
        <fieldset className="choices" disabled={busy}>
          <legend>What the file holds</legend>
          {(['members', 'orders'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {k === 'members' ? 'Members' : 'Orders (one row per line)'}
            </label>
          ))}
        </fieldset>
        <p className="hint">
          Columns: {IMPORT_COLUMNS[kind].join(', ')}.{kind === 'orders' ? ' Money in minor units (350 for 3.50); the lines of one order one after another.' : ''} Rows already imported are skipped, so a
          file can be sent again.
        </p>
        <div className="field">
          <label htmlFor={fileId}>CSV file</label>
          <input id={fileId} type="file" accept=".csv,text/csv" required disabled={busy} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        {kind === 'orders' ? (
          <label className="check">
            <input type="checkbox" checked={earn} onChange={(e) => setEarn(e.target.checked)} disabled={busy} /> Earn points by the program (slower)
          </label>
        ) : null}
        <ErrorMessage>{error}</ErrorMessage>
        <p>
          <button type="submit" disabled={busy || !file}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </p>
      </form>
      {progress ? <ImportProgress progress={progress} /> : null}
    </section>
  );
}

function ImportProgress({ progress }: { progress: Progress }) {
  const { total, sent, imported, skipped, rejects, finished } = progress;
  return (
    <section className="card" aria-labelledby="import-result-title">
      <h3 id="import-result-title">{finished ? 'Import finished' : 'Importing…'}</h3>
      <progress className="import-progress" max={Math.max(total, 1)} value={sent} aria-label="Rows processed">
        {sent} of {total}
      </progress>
      <p role="status">
        {formatNumber(sent)} of {formatNumber(total)} rows processed: {formatNumber(imported)} imported, {formatNumber(skipped)} skipped as already there,{' '}
        {formatNumber(rejects.length)} rejected.
      </p>
      {rejects.length > 0 ? (
        <DataTable
          caption="Rejected rows"
          rows={rejects}
          rowKey={(r, i) => `${r.line}-${i}`}
          filename="import-rejects.csv"
          columns={[
            { label: 'Line', value: (r) => r.line, numeric: true },
            { label: 'Reason', value: (r) => r.reason },
            { label: 'Row', value: (r) => r.row.join(', ') },
          ]}
        />
      ) : null}
    </section>
  );
}
