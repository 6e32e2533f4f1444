import { describe, expect, it } from 'vitest';
import { isStorableText, storableCopy } from './text.js';

describe('text PostgreSQL can store', () => {
  it.each([
    ['plain', 'Ada Lovelace', true],
    ['empty', '', true],
    ['a character outside the BMP (a surrogate pair)', 'coffee ☕ 😀', true],
    ['NUL', 'Ada\u0000', false],
    ['NUL alone', '\u0000', false],
    ['a high surrogate without its low one', 'a\ud83db', false],
    ['a low surrogate without its high one', 'a\ude00b', false],
    ['a high surrogate at the end', 'a\ud83d', false],
    ['two high surrogates in a row', '\ud83d\ud83d\ude00', false],
  ])('%s', (_, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
    expect(isStorableText(storableCopy(text))).toBe(true);
    if (storable) expect(storableCopy(text)).toBe(text);
  });

  it('replaces each unstorable character by U+FFFD and keeps pairs whole', () => {
    expect(storableCopy('a\u0000b\ud83dc😀\u0000')).toBe('a\ufffdb\ufffdc😀\ufffd');
  });
});
