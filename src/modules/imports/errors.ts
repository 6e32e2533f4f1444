import { DomainError } from '../../errors.js';

/** The header (or a JSON row's keys) names a column we do not know, repeats one, or lacks a required one. */
export class ImportColumnsInvalid extends DomainError {
  constructor(detail: string) {
    super('import_columns_invalid', 400, detail);
  }
}

/** The CSV itself cannot be read on (e.g. a quote left open at the end of the file). */
export class ImportFileMalformed extends DomainError {
  constructor(detail: string) {
    super('import_file_malformed', 400, detail);
  }
}
