import { plainError } from '../../api/client.ts';

export interface FieldProblem {
  path: string;
  message: string;
}

/** A refused request: the plain-words message and each field problem with its path in the body. */
export class ProblemError extends Error {
  constructor(
    message: string,
    readonly fields: FieldProblem[],
  ) {
    super(message);
  }
}

/**
 * The data of an openapi-fetch result, or a thrown ProblemError. Unlike `unwrap`, a 204 (no body) is
 * a success, and the field problems stay separate so an editor can show each beside its path.
 */
export async function send<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const result = await request;
  if (result.response.ok && result.error === undefined) return result.data as T;
  const problem = (result.error ?? {}) as { detail?: string; title?: string; errors?: FieldProblem[] };
  const fields = (problem.errors ?? []).map((e) => ({ path: bodyPath(e.path), message: e.message }));
  throw new ProblemError(fields.length > 0 ? (problem.detail ?? problem.title ?? 'The change was refused.') : plainError(result.error), fields);
}

/**
 * A validation path as the API gives it (`body.rules.0.effects.0.factor`) relative to the document
 * being edited (`effects.0.factor`): drop `body.` and, for a draft sent inside a rule set, `rules.0.`.
 * @example bodyPath('body.rules.0.caps.budget') // 'caps.budget'
 */
export function bodyPath(path: string): string {
  return path.replace(/^body\.?/, '').replace(/^rules\.0\.?/, '') || '(whole document)';
}
