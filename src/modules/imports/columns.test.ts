import { describe, expect, it } from 'vitest';
import { columnIndex } from './columns.js';
import { ImportColumnsInvalid } from './errors.js';

const KNOWN = ['id', 'sku', 'note'] as const;

describe('columnIndex', () => {
  it.each([
    { header: ['id', 'sku', 'note'], index: { id: 0, sku: 1, note: 2 } },
    { header: ['sku', 'id'], index: { id: 1, sku: 0, note: -1 } },
    { header: [' ID ', 'Sku'], index: { id: 0, sku: 1, note: -1 } },
  ])('$header → $index', ({ header, index }) => {
    expect(columnIndex(header, KNOWN, ['id'])).toEqual(index);
  });

  it.each([
    { header: ['id', 'colour'], message: 'Unknown column "colour"; the columns are id, sku, note.' },
    { header: ['id', 'a', 'b'], message: 'Unknown columns "a", "b"; the columns are id, sku, note.' },
    { header: ['id', 'sku', 'id'], message: 'Column "id" appears more than once.' },
    { header: ['sku'], message: 'Missing required column id.' },
  ])('$header is refused: $message', ({ header, message }) => {
    expect(() => columnIndex(header, KNOWN, ['id'])).toThrow(new ImportColumnsInvalid(message));
  });
});
