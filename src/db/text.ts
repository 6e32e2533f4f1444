// PostgreSQL stores no NUL character in text or jsonb, and no unpaired UTF-16 surrogate in jsonb (in text
// one silently turns into U+FFFD). JavaScript strings can hold both, so input is checked before it is written.

/** Code units, not code points: a surrogate is unpaired when no partner stands beside it. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ALL_UNSTORABLE = new RegExp(UNSTORABLE.source, 'g');

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain a NUL character (\\u0000) or an unpaired surrogate (\\ud800–\\udfff)';

/**
 * Whether PostgreSQL can store the text as it is.
 * @example isStorableText('a\u0000b') // false
 */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * The text with each character PostgreSQL cannot store replaced by U+FFFD, for echoing refused input in
 * an answer that is itself stored (an Idempotency-Key's replay).
 * @example storableCopy('a\u0000b') // 'a\ufffdb'
 */
export function storableCopy(text: string): string {
  return text.replace(ALL_UNSTORABLE, '\ufffd');
}
