// Which methods a URL path is served for, so a wrong method on a real path can be told apart from a
// path nobody serves (405 with `Allow`, not 404). Matching uses find-my-way, the router Fastify itself
// dispatches with, built with the app's own routing options: a path matches here exactly when Fastify
// would have matched it for that method.
import Router from 'find-my-way';

export type RouteMatching = Pick<Router.Config<Router.HTTPVersion.V1>, 'caseSensitive' | 'ignoreTrailingSlash' | 'ignoreDuplicateSlashes' | 'maxParamLength' | 'allowUnsafeRegex'>;

/** The order `Allow` lists methods in: reads first, then writes; any other method after, by name. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function byMethodOrder(a: string, b: string): number {
  const rank = (method: string) => (METHOD_ORDER.includes(method) ? METHOD_ORDER.indexOf(method) : METHOD_ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

export interface MethodIndex {
  /** Records that `pattern` (a Fastify route URL such as `/v1/members/:id`) is served for `method`. */
  add(method: string, pattern: string): void;
  /** Every method some route serves `url` for (query string ignored), in `Allow` order; [] when none. */
  methodsFor(url: string): string[];
}

/**
 * @example
 * const index = createMethodIndex();
 * index.add('GET', '/v1/members/:id/balance');
 * index.methodsFor('/v1/members/mem_1/balance?x=1'); // ['GET']
 * index.methodsFor('/v1/nothing'); // []
 */
export function createMethodIndex(matching: RouteMatching = {}): MethodIndex {
  const router = Router(matching);
  const methods = new Set<Router.HTTPMethod>();
  const noop = () => undefined;
  return {
    add(method, pattern) {
      const known = method as Router.HTTPMethod;
      // Routes told apart only by constraints (version, host) share a pattern; one entry says enough.
      if (router.hasRoute(known, pattern)) return;
      router.on(known, pattern, noop);
      methods.add(known);
    },
    methodsFor(url) {
      return [...methods].filter((method) => router.find(method, url) !== null).sort(byMethodOrder);
    },
  };
}

/** "GET", "GET and HEAD", "GET, HEAD and POST". */
export function listMethods(methods: readonly string[]): string {
  if (methods.length <= 1) return methods.join('');
  return `${methods.slice(0, -1).join(', ')} and ${methods.at(-1)}`;
}
