// Every operation the OpenAPI document lists, fed requests generated from its own schemas: broken
// bodies, hostile field values, garbage ids and query strings, wrong credentials. Whatever comes in,
// the answer is below 500, and every 4xx is problem+json with a stable code. Deterministic: a fixed
// seed (FUZZ_SEED overrides it, FUZZ_RUNS the number of generated requests per operation).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ROLES } from '../src/modules/auth/roles.js';
import { createTestApp, expectLedgerClean } from './harness.js';
import { seedFixtures, type FuzzFixture } from './fuzz-fixtures.js';
import {
  extremes,
  fieldPaths,
  hostileFor,
  HOSTILE_VALUES,
  idPrefixOf,
  REMOVE,
  SchemaArbitraries,
  unknownIdArb,
  withField,
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
} from './openapi-arbitraries.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_126);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Credential = 'apiKey' | 'walletToken' | 'public';

interface FuzzRequest {
  method: Method;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

interface DocumentedOperation {
  method: Method;
  path: string;
  operation: Operation;
  credential: Credential;
  body?: JsonSchema;
}

// Rate limits would turn most of the run into 429s; a quiet period of 0 lets every invitation through.
const t = await createTestApp({}, { rateLimitPerMinute: 0, feedbackQuietDays: 0 });
const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenApiDocument;
let f: FuzzFixture;
let schemas: SchemaArbitraries;

/** Operations that destroy what later operations use (a member erased, an endpoint deleted) go last. */
const destructive = (o: { method: string; path: string }) => o.method === 'DELETE' || /\/(erase|retire)$/.test(o.path);
const operations: DocumentedOperation[] = Object.entries(doc.paths)
  .flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const security = operation.security?.[0];
      const credential: Credential = operation.security && !security ? 'public' : security && 'walletToken' in security ? 'walletToken' : 'apiKey';
      return { method: method.toUpperCase() as Method, path, operation, credential, body: operation.requestBody?.content['application/json']?.schema };
    }),
  )
  .sort((a, b) => Number(destructive(a)) - Number(destructive(b)));

beforeAll(async () => {
  f = await seedFixtures(t);
  schemas = new SchemaArbitraries(doc, f.ids);
});
afterAll(() => t.drop());

/** A request as a reader can replay it: long strings cut, the credential named instead of shown. */
function describeRequest(request: FuzzRequest): string {
  const headers = { ...request.headers };
  if (headers.authorization) headers.authorization = credentialName(headers.authorization);
  const payload = request.payload === undefined ? '(none)' : Buffer.isBuffer(request.payload) ? `bytes ${request.payload.toString('hex')}` : cut(request.payload);
  return `${request.method} ${cut(request.url)}\nheaders: ${JSON.stringify(headers)}\nbody: ${payload}`;
}

function cut(text: string): string {
  return text.replace(/(.)\1{59,}/gsu, (run, char: string) => `${char.repeat(3)}…(${char} × ${[...run].length})`).slice(0, 3000);
}

function credentialName(authorization: string): string {
  const token = authorization.replace(/^Bearer /, '');
  const role = Object.entries(t.keys).find(([, key]) => key === token)?.[0];
  if (role) return `Bearer <${role} key>`;
  return token === f.walletToken ? 'Bearer <wallet token>' : authorization;
}

/** Sends the request and fails, naming it, unless the answer is below 500 and every 4xx a problem document. */
async function expectClearAnswer(request: FuzzRequest, expectedStatus?: number[]): Promise<number> {
  const response = await t.app.inject({ method: request.method, url: request.url, headers: request.headers, ...(request.payload === undefined ? {} : { payload: request.payload }) });
  const status = response.statusCode;
  const fail = (why: string) => new Error(`${why}\n${describeRequest(request)}\n→ ${status} ${response.headers['content-type'] ?? ''} ${cut(response.body).slice(0, 800)}`);
  if (status >= 500) throw fail('server error');
  if (expectedStatus && !expectedStatus.includes(status)) throw fail(`expected ${expectedStatus.join(' or ')}`);
  if (status < 400) return status;
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) throw fail('a 4xx that is not problem+json');
  let body: { code?: unknown; status?: unknown; title?: unknown };
  try {
    body = JSON.parse(response.body);
  } catch {
    throw fail('a problem document that is not JSON');
  }
  if (typeof body.code !== 'string' || body.code === '') throw fail('a problem without a string code');
  if (body.status !== status) throw fail('a problem whose status is not the HTTP status');
  if (typeof body.title !== 'string' || body.title === '') throw fail('a problem without a title');
  // The database's refusal is the last net (src/http/problem.ts); reaching it means a schema lets through what the database cannot hold.
  if (body.code === 'invalid_value') throw fail('a value only the database refused: validation should name the field');
  return status;
}

function authorizationFor(credential: Credential): Record<string, string> {
  if (credential === 'apiKey') return { authorization: `Bearer ${t.keys.admin}` };
  if (credential === 'walletToken') return { authorization: `Bearer ${f.walletToken}` };
  return {};
}

/**
 * Like encodeURIComponent, but a lone surrogate (which encodeURIComponent refuses) becomes the three
 * bytes a careless client would send for it: invalid UTF-8 the server must refuse, not trip over.
 */
function percentEncode(text: string): string {
  return Array.from(text, (char) => {
    const unit = char.charCodeAt(0);
    if (char.length > 1 || unit < 0xd800 || unit > 0xdfff) return encodeURIComponent(char);
    return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 63), 0x80 | (unit & 63)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
  }).join('');
}

/** Path segments no id or token looks like, already as they appear in a URL. */
const GARBAGE_SEGMENTS = [
  '%20',
  'x'.repeat(1_000),
  percentEncode('😀ünïcødé'),
  '%',
  '%zz',
  '%00',
  '%c0%ae',
  '%ED%A0%80',
  '..',
  '.',
  '%2e%2e',
  'a%2Fb',
  'null',
  '-1',
  '1e308',
  'mem_',
  'MEM_01JD3X8K2Q9V7C4M5N6P7R8S9T',
  'mem_01jd3x8k2q9v7c4m5n6p7r8s9u',
  'ord_01jd3x8k2q9v7c4m5n6p7r8s9t',
  percentEncode("' or 1=1 --"),
  percentEncode('mem_01jd3x8k2q9v7c4m5n6p7r8s9t.99999999999999999999.x'),
  percentEncode('a.b.c'),
];

function pathParamArb(name: string, schema: JsonSchema): fc.Arbitrary<string> {
  const prefix = idPrefixOf(schema);
  const garbage = fc.oneof(fc.constantFrom(...GARBAGE_SEGMENTS), fc.string({ unit: 'binary', maxLength: 30 }).map(percentEncode));
  const known = prefix ? (f.ids[prefix] ?? []) : (f.strings[name] ?? []);
  const wellFormed = prefix ? unknownIdArb(prefix) : schemas.valid(schema).map((value) => percentEncode(String(value)));
  return fc.oneof(
    ...(known.length > 0 ? [{ arbitrary: fc.constantFrom(...known).map(encodeURIComponent), weight: 3 }] : []),
    { arbitrary: wellFormed, weight: 2 },
    { arbitrary: garbage, weight: 2 },
  );
}

const QUERY_HOSTILE = HOSTILE_VALUES.filter((value) => typeof value !== 'object' || value === null).map(String);

/** Each query parameter absent, valid-shaped, hostile, or given twice; sometimes one nobody asked for. */
function queryArb(operation: Operation): fc.Arbitrary<string> {
  const parameters = (operation.parameters ?? []).filter((p) => p.in === 'query');
  const one = (name: string, schema: JsonSchema) =>
    fc.oneof(
      fc.constant([] as string[]),
      schemas.valid(schema).map((value) => [String(value)]),
      fc.constantFrom(...QUERY_HOSTILE).map((value) => [value]),
      fc.tuple(schemas.valid(schema), schemas.valid(schema)).map((values) => values.map(String)),
    ).map((values) => values.map((value) => `${percentEncode(name)}=${percentEncode(value)}`));
  return fc
    .tuple(fc.tuple(...parameters.map((p) => one(p.name, schemas.deref(p.schema)))), fc.boolean())
    .map(([pairs, extra]) => [...pairs.flat(), ...(extra ? ['fuzz_extra=%00'] : [])].join('&'));
}

/** The schema of the field at `path` inside `schema`, as far as it can be followed. */
function schemaAt(schema: JsonSchema, path: (string | number)[]): JsonSchema {
  let current = schemas.concrete(schema);
  for (const key of path) {
    const options = current.anyOf ?? current.oneOf;
    if (options) current = schemas.deref(options.find((o) => typeof key === 'string' && schemas.deref(o).properties?.[key]) ?? options[0]!);
    const next = typeof key === 'number' ? current.items : (current.properties?.[key] ?? (typeof current.additionalProperties === 'object' ? current.additionalProperties : undefined));
    if (!next) return {};
    current = schemas.concrete(next);
  }
  return current;
}

/** A body of the operation's shape, then broken in one way (or not at all, or pushed to its bounds). */
function bodyArb(schema: JsonSchema): fc.Arbitrary<unknown> {
  const base = schemas.valid(schema);
  const atPath = (body: unknown, n: number) => {
    const paths = fieldPaths(body);
    return paths.length === 0 ? undefined : paths[n % paths.length]!;
  };
  return fc.oneof(
    { arbitrary: base, weight: 3 },
    { arbitrary: fc.tuple(base, fc.constantFrom('min', 'max') as fc.Arbitrary<'min' | 'max'>).map(([body, end]) => extremes(body, schema, (s) => schemas.concrete(s), end)), weight: 1 },
    {
      arbitrary: fc.tuple(base, fc.nat()).chain(([body, n]) => {
        const path = atPath(body, n);
        if (!path) return hostileFor(schemas.deref(schema));
        return hostileFor(schemaAt(schema, path)).map((value) => withField(body, path, value));
      }),
      weight: 5,
    },
    { arbitrary: fc.tuple(base, fc.nat()).map(([body, n]) => (atPath(body, n) ? withField(body, atPath(body, n)!, REMOVE) : body)), weight: 2 },
    { arbitrary: fc.tuple(base, fc.constantFrom(...HOSTILE_VALUES)).map(([body, value]) => (body && typeof body === 'object' && !Array.isArray(body) ? { ...body, fuzzExtra: value } : [body, value])), weight: 1 },
  );
}

function requestArb(o: DocumentedOperation): fc.Arbitrary<FuzzRequest> {
  const pathParams = (o.operation.parameters ?? []).filter((p) => p.in === 'path');
  const path = fc.tuple(...pathParams.map((p) => pathParamArb(p.name, schemas.deref(p.schema)))).map((values) =>
    pathParams.reduce((url, p, index) => url.replace(`{${p.name}}`, values[index]!), o.path),
  );
  const body = o.body ? bodyArb(o.body) : fc.constant(undefined);
  const idempotencyKey = o.method === 'POST' ? fc.option(idempotencyKeyArb, { freq: 3 }) : fc.constant(null);
  return fc.tuple(path, queryArb(o.operation), body, idempotencyKey).map(([url, query, value, key]) => ({
    method: o.method,
    url: query ? `${url}?${query}` : url,
    headers: {
      ...authorizationFor(o.credential),
      ...(value === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key === null ? {} : { 'idempotency-key': key }),
    },
    ...(value === undefined ? {} : { payload: JSON.stringify(value) }),
  }));
}

/** Few distinct keys, so that later requests reuse them with other bodies; and keys no server should take. */
const idempotencyKeyArb = fc.oneof(fc.constantFrom('fuzz-1', 'fuzz-2', 'fuzz-3'), fc.constantFrom('', ' ', 'two words', 'k'.repeat(256), '%00', 'ü'));

const VALID_JSON = '{"name":"x"}';
/**
 * Bodies that never reach a schema: not JSON, not an object, or not declared as JSON; with the status
 * an operation whose body is required answers (none where the body could pass, e.g. JSON behind a BOM).
 */
const RAW_BODIES: { payload: string | Buffer; contentType?: string; status?: number }[] = [
  { payload: '', contentType: 'application/json', status: 400 },
  { payload: 'null', contentType: 'application/json', status: 400 },
  { payload: '[]', contentType: 'application/json', status: 400 },
  { payload: '42', contentType: 'application/json', status: 400 },
  { payload: '"text"', contentType: 'application/json', status: 400 },
  { payload: '{', contentType: 'application/json', status: 400 },
  { payload: "{'name': 1}", contentType: 'application/json', status: 400 },
  { payload: '{"a":1} trailing', contentType: 'application/json', status: 400 },
  { payload: '\u0000', contentType: 'application/json', status: 400 },
  { payload: '['.repeat(20_000), contentType: 'application/json', status: 400 },
  { payload: '{"__proto__":{"polluted":true}}', contentType: 'application/json', status: 400 },
  { payload: '{"constructor":{"prototype":{"polluted":true}}}', contentType: 'application/json', status: 400 },
  // Past the default body limit (1 MiB; imports take 8 MB).
  { payload: `{"name":"${'x'.repeat(1_100_000)}"}`, contentType: 'application/json' },
  { payload: `\ufeff${VALID_JSON}`, contentType: 'application/json' },
  { payload: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), contentType: 'application/json' },
  { payload: VALID_JSON, contentType: 'text/plain', status: 415 },
  { payload: 'name=x', contentType: 'application/x-www-form-urlencoded', status: 415 },
  { payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', contentType: 'multipart/form-data; boundary=x', status: 415 },
  { payload: VALID_JSON, contentType: 'application/json; charset=utf-16' },
  { payload: VALID_JSON, contentType: 'application/merge-patch+json', status: 415 },
  { payload: VALID_JSON, contentType: 'nonsense', status: 415 },
  { payload: VALID_JSON },
];

function sample<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arbitrary, { seed, numRuns: 1 })[0]!;
}

/** A request that names things that exist and carries a valid-shaped body: only what a case changes is wrong. */
function canonicalRequest(o: DocumentedOperation, seed: number): FuzzRequest {
  let url = o.path;
  for (const p of (o.operation.parameters ?? []).filter((p) => p.in === 'path')) {
    const schema = schemas.deref(p.schema);
    const prefix = idPrefixOf(schema);
    const value = (prefix ? f.ids[prefix]?.[0] : f.strings[p.name]?.[0]) ?? String(sample(schemas.valid(schema), seed));
    url = url.replace(`{${p.name}}`, percentEncode(value));
  }
  const body = o.body === undefined ? undefined : sample(schemas.valid(o.body), seed);
  return {
    method: o.method,
    url,
    headers: { ...authorizationFor(o.credential), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  };
}

describe.each(operations.map((o, index) => [`${o.method} ${o.path}`, o, index] as const))('%s', (_, o, index) => {
  const seed = SEED + index;

  it('answers generated requests below 500, every 4xx as problem+json with a code', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb(o), async (request) => {
        await expectClearAnswer(request);
      }),
      { seed, numRuns: RUNS },
    );
  });

  it('answers raw, missing and incomplete bodies clearly, refusing them where a body is required', async () => {
    const base = canonicalRequest(o, seed);
    // A body schema that admits null (wallet-link's) is optional whatever `required` says.
    const nullable = o.body !== undefined && (schemas.deref(o.body).anyOf ?? []).some((option) => schemas.deref(option).type === 'null');
    const required = o.operation.requestBody?.required === true && !nullable;
    const { 'content-type': _contentType, ...headers } = base.headers;
    await expectClearAnswer({ ...base, headers, payload: undefined }, required ? [400] : undefined);
    for (const raw of RAW_BODIES) {
      const request = { ...base, headers: { ...headers, ...(raw.contentType ? { 'content-type': raw.contentType } : {}) }, payload: raw.payload };
      await expectClearAnswer(request, required && raw.status ? [raw.status] : undefined);
    }
    if (!o.body) return;
    const valid = JSON.parse(base.payload as string);
    for (const key of schemas.deref(o.body).required ?? []) {
      await expectClearAnswer({ ...base, payload: JSON.stringify(withField(valid, [key], REMOVE)) }, [400]);
    }
  });

  it('refuses a missing, unknown or wrong credential with 401, and a role the document does not name with 403', async () => {
    const request = canonicalRequest(o, seed);
    const { authorization: _authorization, ...anonymous } = request.headers;
    if (o.credential === 'public') {
      await expectClearAnswer({ ...request, headers: { ...anonymous, authorization: `Bearer ${t.keys.admin}` } });
      return;
    }
    await expectClearAnswer({ ...request, headers: anonymous }, [401]);
    await expectClearAnswer({ ...request, headers: { ...anonymous, authorization: 'Bearer fid_not_a_key' } }, [401]);
    await expectClearAnswer({ ...request, headers: { ...anonymous, authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }, [401]);
    if (o.credential === 'walletToken') {
      await expectClearAnswer({ ...request, headers: { ...anonymous, authorization: `Bearer ${t.keys.admin}` } }, [401]);
      await expectClearAnswer({ ...request, headers: { ...anonymous, authorization: `Bearer ${f.walletToken.slice(0, -2)}xx` } }, [401]);
    } else {
      await expectClearAnswer({ ...request, headers: { ...anonymous, authorization: `Bearer ${f.walletToken}` } }, [401]);
      // The roles the document names are the ones auth lets through: every other role gets exactly 403.
      const allowed = o.operation['x-roles'] ?? [];
      for (const role of ROLES) {
        const status = await expectClearAnswer({ ...request, headers: { ...anonymous, authorization: `Bearer ${t.keys[role]}` } }, allowed.includes(role) ? undefined : [403]);
        if (allowed.includes(role) && (status === 401 || status === 403)) throw new Error(`${o.method} ${o.path} names ${role} in x-roles but refused its key with ${status}`);
      }
    }
  });
});

describe('after the fuzzing', () => {
  it('the ledger and every derived aggregate still verify: nothing was half-written', async () => {
    await expectLedgerClean(t);
  });
});
