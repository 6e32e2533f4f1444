import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type ApiClient = Client<paths>;

/** A typed client for the API this page was served by, sending `credential()` as the bearer token. */
export function createApiClient(credential: () => string | null): ApiClient {
  const client = createClient<paths>({ baseUrl: location.origin });
  client.use({
    onRequest({ request }) {
      const token = credential();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
    // fetch rejects with a bare TypeError ("Failed to fetch") when no answer came; naming it here keeps
    // a programming slip elsewhere (also a TypeError) from being called a connection problem.
    onError({ error }) {
      return error instanceof TypeError ? new UnreachableError() : undefined;
    },
  });
  return client;
}

interface Problem {
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** A problem+json body in words a cashier or member can act on. */
export function plainError(error: unknown): string {
  const problem = (error ?? {}) as Problem;
  const fields = (problem.errors ?? []).map((e) => `${e.path ? `${e.path}: ` : ''}${e.message}`);
  const main = problem.detail ?? problem.title ?? 'Something went wrong. Try again.';
  return fields.length > 0 ? `${main} (${fields.join('; ')})` : main;
}

const UNREACHABLE = 'The server cannot be reached. Check the connection and try again.';

/** A request that never got an answer: the network is down or the server unreachable. */
export class UnreachableError extends Error {
  constructor() {
    super(UNREACHABLE);
  }
}

/**
 * Why a call failed, in words: an ApiError (or any Error of ours) already says it, the API's `detail` or
 * `title`; a request that never got an answer is said as a connection problem, in `unreachable` where the
 * page speaks another language (the wallet passes its locale's sentence).
 * @example failureText(new UnreachableError()) // 'The server cannot be reached. Check the connection and try again.'
 */
export function failureText(failure: unknown, unreachable = UNREACHABLE): string {
  if (failure instanceof UnreachableError) return unreachable;
  return failure instanceof Error ? failure.message : String(failure);
}

/** The data of an openapi-fetch result, or a thrown Error carrying the plain-words message. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) throw new ApiError(plainError(result.error), result.response.status, (result.error as Problem | undefined)?.code ?? null);
  return result.data;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The problem's stable `code`, for pages that word known refusals themselves (the wallet, in the member's language). */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/** One key per intended change: a retried submit (double click, flaky network) is booked once. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
