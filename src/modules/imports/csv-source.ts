// A CSV stream as rows: the header first, then each record with its line number, never the whole file.
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, parse, type Options } from 'csv-parse';
import { parse as parseText } from 'csv-parse/sync';
import { ImportFileMalformed } from './errors.js';
import type { RowSource, SourceRow } from './rows.js';

/**
 * Quotes are relaxed (a stray `"` inside a field is kept as text) and rows may have any number of
 * fields, so a malformed row reaches the importer and is rejected with its line instead of stopping
 * the file. Only what cannot be read past (a quote still open at the end of the file) stops it.
 * @example const { columns, rows } = await csvRowSource(createReadStream('orders.csv'))
 */
export async function csvRowSource(input: Readable): Promise<RowSource> {
  const chunks = csvChunks(input);
  let first = await chunks.next();
  while (!first.done && first.value.length === 0) first = await chunks.next();
  if (first.done) throw new ImportFileMalformed('The file is empty; its first line must be the header.');
  const [header, ...rows] = first.value;
  async function* all() {
    yield rows;
    yield* chunks;
  }
  return { columns: header!.fields, chunks: all() };
}

/**
 * csv-parse's options for our files. `lineOffset` numbers the records of a text that starts after that
 * many lines; `crlf` carries on the line ending the file's header set (null: csv-parse finds it).
 */
function parserOptions(lineOffset: number, crlf: boolean | null = null): Options {
  const options: Options<SourceRow, string[]> = {
    ...(crlf === null ? {} : { record_delimiter: crlf ? '\r\n' : '\n' }),
    // The byte-order mark is taken off the start of the file before any of it reaches csv-parse.
    bom: false,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // `lines` is the line the record ends on: its own line for every record without a line break inside quotes.
    on_record: (fields, context) => ({ line: lineOffset + context.lines, fields }),
  };
  // csv-parse's declarations tie on_record's result to the record type; at run time it may be anything.
  return options as unknown as Options;
}

/**
 * The records of the stream, a chunk of the file at a time. Most lines of an export are plain (no quote, no stray carriage return),
 * and splitting those at commas gives exactly what csv-parse gives, at a tenth of its cost — parsing
 * was most of an import's time in Node. A line with a quote goes through csv-parse alone; one whose
 * quotes run onto the next line, or any line ending we do not split on (a lone `\r`), hands the rest
 * of the file to a streaming csv-parse, numbered on from there.
 */
async function* csvChunks(input: Readable): AsyncGenerator<SourceRow[]> {
  const decoder = new StringDecoder('utf8');
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending = '';
  let line = 0;
  /** Whether lines end in `\r\n` (as the header does) rather than `\n`. */
  let crlf: boolean | null = null;
  let atStart = true;
  for (let done = false; !done; ) {
    const next = await chunks.next();
    done = next.done === true;
    let text = pending + (done ? decoder.end() : decoder.write(next.value as Buffer));
    if (atStart && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      atStart = false;
    }
    let at = 0;
    let handOff = false;
    const chunk: SourceRow[] = [];
    while (at < text.length) {
      let end = text.indexOf('\n', at);
      if (end < 0) {
        if (!done) break;
        end = text.length;
      }
      let content = text.slice(at, end);
      // The header's line ending is the file's; a lone \n in a CRLF file, or a \r anywhere else, is
      // data or a line break as csv-parse decides.
      const lineCrlf: boolean = crlf ?? content.endsWith('\r');
      if (lineCrlf && end < text.length) {
        if (content.endsWith('\r')) content = content.slice(0, -1);
        else handOff = true;
      }
      const rows = handOff || content.includes('\r') ? null : readLine(content, line + 1, lineCrlf);
      if (rows === null) {
        handOff = true;
        break;
      }
      if (end < text.length) crlf = lineCrlf;
      line += 1;
      chunk.push(...rows);
      at = end + 1;
    }
    yield chunk;
    pending = text.slice(at);
    if (handOff) {
      yield* parsedStream(pending, chunks, decoder, line, crlf);
      return;
    }
  }
}

/** One line's records (none if it is empty); null when a quoted field goes on past the line. */
function readLine(content: string, line: number, crlf: boolean): SourceRow[] | null {
  if (!content.includes('"')) return content === '' ? [] : [new PlainRow(line, content)];
  try {
    return parseText(`${content}${crlf ? '\r\n' : '\n'}`, parserOptions(line - 1, crlf)) as unknown as SourceRow[];
  } catch (error) {
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') return null;
    throw error;
  }
}

/**
 * A line without quotes: its fields are its text split at commas. An import holds each row of a batch
 * until the batch is written (for the reject file); compacted, a row is its text alone instead of an
 * array of a dozen strings, which measured ~15% of a bulk import's time in Node as garbage collection.
 */
class PlainRow implements SourceRow {
  private split: string[] | null = null;

  constructor(
    readonly line: number,
    private readonly text: string,
  ) {}

  get fields(): string[] {
    return (this.split ??= this.text.split(','));
  }

  compact(): void {
    this.split = null;
  }
}

/** The rest of the file through a streaming csv-parse: `head` (already decoded) and then the remaining chunks. */
async function* parsedStream(head: string, rest: AsyncIterator<Buffer>, decoder: StringDecoder, lineOffset: number, crlf: boolean | null): AsyncGenerator<SourceRow[]> {
  async function* text() {
    yield head;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield decoder.write(next.value);
    yield decoder.end();
  }
  const parser = Readable.from(text()).pipe(parse(parserOptions(lineOffset, crlf)));
  try {
    // Past a quoted line break the file is in csv-parse's hands, record by record: the rare slow path.
    for await (const record of parser as AsyncIterable<SourceRow>) yield [record];
  } catch (error) {
    if (error instanceof CsvError) {
      const at = lineOffset + ((error as { lines?: number }).lines ?? 0);
      throw new ImportFileMalformed(`The CSV cannot be read past line ${at}: ${error.message}`);
    }
    throw error;
  }
}
