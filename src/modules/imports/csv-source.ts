// A CSV stream as rows: the header first, then each record with its line number, never the whole file.
import type { Readable } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import { ImportFileMalformed } from './errors.js';
import type { RowSource, SourceRow } from './rows.js';

/**
 * Quotes are relaxed (a stray `"` inside a field is kept as text) and rows may have any number of
 * fields, so a malformed row reaches the importer and is rejected with its line instead of stopping
 * the file. Only what cannot be read past (a quote still open at the end of the file) stops it.
 * @example const { columns, rows } = await csvRowSource(createReadStream('orders.csv'))
 */
export async function csvRowSource(input: Readable): Promise<RowSource> {
  const options: Options<SourceRow, string[]> = {
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // `lines` is the line the record ends on: its own line for every record without a line break inside quotes.
    on_record: (fields, context) => ({ line: context.lines, fields }),
  };
  // csv-parse's declarations tie on_record's result to the record type; at run time it may be anything.
  const parser = input.pipe(parse(options as unknown as Options));
  input.on('error', (error) => parser.destroy(error));
  const records = readable(parser);
  const header = await records.next();
  if (header.done) throw new ImportFileMalformed('The file is empty; its first line must be the header.');
  return { columns: header.value.fields, rows: { [Symbol.asyncIterator]: () => records } };
}

async function* readable(parser: AsyncIterable<SourceRow>): AsyncGenerator<SourceRow> {
  try {
    yield* parser;
  } catch (error) {
    if (error instanceof CsvError) throw new ImportFileMalformed(`The CSV cannot be read past line ${String((error as { lines?: number }).lines ?? '?')}: ${error.message}`);
    throw error;
  }
}
