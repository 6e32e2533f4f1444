// Reading and writing one field of a JSON document by its path, without touching the rest: the
// key-field forms edit the same document the JSON view shows.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * The value at `path`, a number key indexing an array (as in the API's problem paths), or undefined.
 * @example getPath({ effects: [{ factor: 2 }] }, ['effects', '0', 'factor']) // 2
 */
export function getPath(doc: Json | undefined, path: readonly string[]): Json | undefined {
  let at: Json | undefined = doc;
  for (const key of path) {
    if (Array.isArray(at)) at = /^\d+$/.test(key) ? at[Number(key)] : undefined;
    else if (at !== null && typeof at === 'object') at = at[key];
    else return undefined;
  }
  return at;
}

/**
 * A copy of `doc` with `value` at `path` (undefined removes it); parent objects are made as needed and
 * an object left empty by a removal is removed too, so clearing a field leaves no `{}` behind.
 * @example setPath({ a: { b: 1 } }, ['a', 'c'], 2) // { a: { b: 1, c: 2 } }
 */
export function setPath(doc: JsonObject, path: readonly string[], value: Json | undefined): JsonObject {
  const [key, ...rest] = path;
  if (key === undefined) return doc;
  const copy: JsonObject = { ...doc };
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  }
  const child = copy[key];
  const inner = setPath(child !== null && typeof child === 'object' && !Array.isArray(child) ? child : {}, rest, value);
  if (Object.keys(inner).length === 0) delete copy[key];
  else copy[key] = inner;
  return copy;
}

/** The text as a JSON object, or the reason it is not one, in words. */
export function parseObject(text: string): { doc: JsonObject } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (failure) {
    return { error: `The JSON cannot be read: ${failure instanceof Error ? failure.message : String(failure)}.` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'The JSON must be one object, in { braces }.' };
  return { doc: parsed as JsonObject };
}

export function stringify(doc: Json): string {
  return JSON.stringify(doc, null, 2);
}
