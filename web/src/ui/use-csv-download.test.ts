import { describe, expect, it } from 'vitest';
import { exportNote } from './use-csv-download.ts';

describe('exportNote', () => {
  it('says nothing when the file holds the whole list', () => {
    expect(exportNote(true, true, 'en')).toBeNull();
  });

  it('tells the user a file cut at the row limit holds only the first 50,000 rows', () => {
    expect(exportNote(false, true, 'en')).toBe('The CSV was made from the first 50,000 rows of the list, the most one download takes; the rows after them are left out.');
  });

  it('says why nothing was saved, without claiming the rows past the limit do not match', () => {
    expect(exportNote(true, false, 'en')).toBe('No row of the whole list matches the filter: there is nothing to download.');
    expect(exportNote(false, false, 'en')).toBe('No row among the first 50,000 rows of the list (the most one download takes) matches the filter: there is nothing to download.');
  });
});
