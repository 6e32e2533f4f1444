import { Readable } from 'node:stream';
import { parse, type Options } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRowSource } from './csv-source.js';
import { ImportFileMalformed } from './errors.js';
import type { SourceRow } from './rows.js';

/** What csv-parse alone makes of the whole text, with the options the import has always used. */
function reference(text: string): SourceRow[] | 'malformed' {
  try {
    const options = {
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields: string[], context: { lines: number }) => ({ line: context.lines, fields }),
    };
    return parse(text, options as unknown as Options) as unknown as SourceRow[];
  } catch {
    return 'malformed';
  }
}

/** The text's bytes cut into the given pieces (possibly inside a multi-byte character), read as the import reads a file: the header's fields, then the rows. */
async function read(text: string, cuts: number[]): Promise<[string[], ...SourceRow[]] | 'malformed'> {
  const bytes = Buffer.from(text);
  const at = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces = [0, ...at].map((start, i) => bytes.subarray(start, at[i] ?? bytes.length)).filter((piece) => piece.length > 0);
  try {
    const source = await csvRowSource(Readable.from(pieces));
    const rows: [string[], ...SourceRow[]] = [[...source.columns]];
    for await (const chunk of source.chunks) {
      for (const row of chunk) {
        // A row compacted while held must give the same fields when asked again.
        const fields = [...row.fields];
        row.compact?.();
        expect(row.fields).toEqual(fields);
        rows.push({ line: row.line, fields: row.fields });
      }
    }
    return rows;
  } catch (error) {
    if (error instanceof ImportFileMalformed) return 'malformed';
    throw error;
  }
}

const tokens = ['a', 'bc', 'é€', ',', ',', '"', '""', ' ', '\n', '\n', '\r\n', '\r', '\uFEFF'];
const csvText = fc.array(fc.constantFrom(...tokens), { maxLength: 60 }).map((parts) => parts.join(''));

describe('csvRowSource', () => {
  it('reads every file exactly as csv-parse does: fields, line numbers, and what cannot be read', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.array(fc.nat(), { maxLength: 4 }), async (text, cuts) => {
        const expected = reference(text);
        const actual = await read(text, cuts);
        if (expected === 'malformed' || expected.length === 0) expect(actual).toBe('malformed');
        else expect(actual).toEqual([expected[0]!.fields, ...expected.slice(1)]);
      }),
      { numRuns: 1500 },
    );
  });

  it('reads plain lines, quoted lines, CRLF and a quoted field across lines with their own line numbers', async () => {
    const text = '\uFEFFid,name\r\n1,plain\r\n\r\n2,"with, comma"\r\n3,"two\r\nlines"\r\n4,after\r\n';
    expect(await read(text, [7, 30])).toEqual([
      ['id', 'name'],
      { line: 2, fields: ['1', 'plain'] },
      { line: 4, fields: ['2', 'with, comma'] },
      // csv-parse counts the \r and the \n inside quotes as a line each; so do we, rather than renumber every reject file.
      { line: 7, fields: ['3', 'two\r\nlines'] },
      { line: 8, fields: ['4', 'after'] },
    ]);
    expect(await read('id\n1\n"open\n', [])).toBe('malformed');
    expect(await read('', [])).toBe('malformed');
  });
});
