// Every route refuses text PostgreSQL cannot store (src/db/text.ts) before validation, naming the field,
// rather than letting the database refuse the statement with a bare invalid_value.
import type { FastifyInstance } from 'fastify';
import { ValidationFailed, type FieldProblem } from '../errors.js';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../db/text.js';

/** The JSON escapes that can spell such a character; a body without one needs no walk. */
const JSON_ESCAPE = /\\u(?:0000|d[89a-f])/i;
/** In a URL: %00, or the UTF-8-looking bytes of a surrogate (%ED%A0%80 to %ED%BF%BF). */
const URL_ESCAPE = /%00|%ed%[ab]/i;
const MAX_PROBLEMS = 20;

/** Each string (and object key) in `value` PostgreSQL cannot store, by its path (`body.lines.0.sku`). */
export function unstorableFields(value: unknown, path: string, found: FieldProblem[] = []): FieldProblem[] {
  if (found.length >= MAX_PROBLEMS) return found;
  if (typeof value === 'string') {
    if (!isStorableText(value)) found.push({ path, message: UNSTORABLE_TEXT_MESSAGE });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => unstorableFields(item, `${path}.${index}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) found.push({ path: `${path}.${key}`, message: `its name ${UNSTORABLE_TEXT_MESSAGE}` });
      unstorableFields(item, `${path}.${key}`, found);
    }
  }
  return found;
}

/**
 * Refuses a parsed JSON body holding unstorable text; `text` is the body as sent, so the common body
 * (no such escape anywhere) costs one scan and no walk.
 */
export function refuseUnstorableBody(text: string, body: unknown): void {
  if (!JSON_ESCAPE.test(text)) return;
  const found = unstorableFields(body, 'body');
  if (found.length > 0) throw new ValidationFailed(found);
}

/**
 * Path and query parameters are checked on every route; bodies as they are parsed, except on routes that
 * check their rows one by one (imports: a bad cell rejects its row, not the request).
 */
export function registerUnstorableTextCheck(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, the balance read included, and almost
  // always returns at the first test, where an async hook would still cost a promise.
  app.addHook('preValidation', (request, _reply, done) => {
    if (!URL_ESCAPE.test(request.url)) return done();
    const found = [...unstorableFields(request.params, 'params'), ...unstorableFields(request.query, 'querystring')];
    done(found.length > 0 ? new ValidationFailed(found) : undefined);
  });
}
