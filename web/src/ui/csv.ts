// CSV in and out of the browser (RFC 4180): tables download what they show, imports read a file with
// each record's line number so a rejected row can be found in the file.

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One cell: quoted when it holds a comma, quote or line break, quotes doubled. Text that a spreadsheet
 * would run as a formula (=, +, -, @ first) gets a leading apostrophe; numbers are left alone.
 * @example csvCell('Dana "D" Levi') // '"Dana ""D"" Levi"'
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+([.,]\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header and rows as CSV text with CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Saves CSV text as a file; the byte-order mark lets spreadsheet apps read it as UTF-8. */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export interface CsvRecord {
  /** The file line the record starts on (the header is line 1). */
  line: number;
  fields: string[];
}

/**
 * Parses CSV text into its header and records, each with the line it starts on (a quoted cell may span
 * lines). Blank lines are skipped; a stray quote inside an unquoted cell is kept as text.
 * @example parseCsv('a,b\n1,"x\ny"\n').records // [{ line: 2, fields: ['1', 'x\ny'] }]
 */
export function parseCsv(text: string): { header: string[]; records: CsvRecord[] } {
  const source = text.replace(/^\ufeff/, '');
  const all: CsvRecord[] = [];
  let fields: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    fields.push(cell);
    if (fields.length > 1 || fields[0] !== '') all.push({ line: start, fields });
    fields = [];
    cell = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      fields.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
  }
  if (cell !== '' || fields.length > 0) endRecord();
  const [header, ...records] = all;
  return { header: header?.fields.map((h) => h.trim()) ?? [], records };
}
