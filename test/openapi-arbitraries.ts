// fast-check arbitraries read from the app's own OpenAPI document: valid-shaped values for a JSON
// schema, and the hostile values a client can send in place of any one of them.
import fc from 'fast-check';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema & { $defs?: Record<string, JsonSchema> }> };
}

export interface Operation {
  parameters?: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  security?: Record<string, unknown>[];
  /** The API key roles that may call it (src/http/openapi-roles.ts). */
  'x-roles'?: string[];
}

/** Known ids by prefix (`mem`, `ord`, ...) that valid-shaped values draw from beside unknown ones. */
export type KnownIds = Record<string, string[]>;

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const ID_PATTERN = /^\^([a-z]+)_\[0-9a-hjkmnp-tv-z\]\{26\}\$$/;
/** Deep enough for a rule's condition tree to nest a few levels, shallow enough to end. */
const MAX_DEPTH = 6;

/** A well-formed id of the given kind that names nothing. */
export function unknownIdArb(prefix: string): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...CROCKFORD), { minLength: 25, maxLength: 25 })
    .map((body) => `${prefix}_0${body.join('')}`);
}

/** The id prefix a string schema's pattern demands, if it is one of our id patterns. */
export function idPrefixOf(schema: JsonSchema): string | undefined {
  return schema.pattern ? ID_PATTERN.exec(schema.pattern)?.[1] : undefined;
}

export class SchemaArbitraries {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly known: KnownIds,
  ) {}

  /** Follows `$ref`s, including the `__shared#/$defs/x` form zod's registry emits for recursive schemas. */
  deref(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let hops = 0; current.$ref && hops < 20; hops++) {
      const [, name, defPath] = /^#\/components\/schemas\/([^#]+)(?:#\/\$defs\/(.+))?$/.exec(current.$ref) ?? [];
      const target = name ? this.doc.components.schemas[name] : undefined;
      const resolved = defPath ? target?.$defs?.[defPath] : target;
      if (!resolved) throw new Error(`unresolvable $ref ${current.$ref}`);
      current = resolved;
    }
    return current;
  }

  /** The schema a value is mostly checked against: through `$ref`s, and past the `null` of a nullable choice. */
  concrete(schema: JsonSchema): JsonSchema {
    const resolved = this.deref(schema);
    const options = resolved.anyOf ?? resolved.oneOf;
    if (!options) return resolved;
    const first = options.map((option) => this.deref(option)).find((option) => option.type !== 'null');
    return first && !first.anyOf && !first.oneOf ? first : resolved;
  }

  idArb(prefix: string): fc.Arbitrary<string> {
    const known = this.known[prefix] ?? [];
    // Mostly ids that exist: they take a request past the 404 into the service and the database.
    return known.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: unknownIdArb(prefix), weight: 1 }) : unknownIdArb(prefix);
  }

  /** Values of the schema's shape: right types, inside the bounds; cross-field rules may still refuse them. */
  valid(input: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.deref(input);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const choices = schema.anyOf ?? schema.oneOf;
    if (choices) {
      // Past the depth limit only choices without a reference (the leaves of a recursive tree) are taken.
      const leaves = depth >= MAX_DEPTH ? choices.filter((choice) => !JSON.stringify(choice).includes('$ref')) : choices;
      return fc.oneof(...(leaves.length > 0 ? leaves : choices.slice(0, 1)).map((choice) => this.valid(choice, depth + 1)));
    }
    if (schema.allOf) return this.valid(Object.assign({}, ...schema.allOf.map((part) => this.deref(part))), depth);
    if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => this.valid({ ...schema, type }, depth)));
    switch (schema.type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return integerArb(schema);
      case 'number':
        return numberArb(schema);
      case 'string':
        return this.stringArb(schema);
      case 'array': {
        const minLength = schema.minItems ?? 0;
        const maxLength = depth >= MAX_DEPTH ? minLength : Math.min(schema.maxItems ?? 3, Math.max(minLength, 3));
        return fc.array(this.valid(schema.items ?? {}, depth + 1), { minLength, maxLength });
      }
      case 'object':
        return this.objectArb(schema, depth);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  private objectArb(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const properties = schema.properties ?? {};
    const model = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, this.valid(value, depth + 1)]));
    const fixed = fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    if (typeof schema.additionalProperties !== 'object') return fixed;
    const keys = schema.propertyNames ? this.stringArb(this.deref(schema.propertyNames)) : fc.string({ minLength: 1, maxLength: 12 });
    const extra = fc.dictionary(keys, this.valid(schema.additionalProperties, depth + 1), { maxKeys: 3 });
    return fc.tuple(fixed, extra).map(([record, more]) => ({ ...more, ...(record as object) }));
  }

  private stringArb(schema: JsonSchema): fc.Arbitrary<string> {
    const prefix = idPrefixOf(schema);
    if (prefix) return this.idArb(prefix);
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.min(schema.maxLength ?? 40, Math.max(minLength, 40));
    const fits = (value: string) => value.length >= minLength && value.length <= (schema.maxLength ?? Infinity);
    if (schema.format === 'date-time') return dateArb.map((date) => date.toISOString());
    if (schema.format === 'date') return dateArb.map((date) => date.toISOString().slice(0, 10));
    if (schema.format === 'email') return fc.nat(1e6).map((n) => `fuzz${n}@example.com`);
    if (schema.format === 'uri' || schema.format === 'url') return fc.constantFrom('http://127.0.0.1:9/fuzz', 'https://example.com/hook');
    if (schema.pattern) {
      try {
        return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
      } catch {
        // A pattern fast-check cannot generate from: plain strings, which validation may refuse.
      }
    }
    return fc.string({ minLength, maxLength, unit: 'grapheme' });
  }
}

const dateArb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true });

function lowerBound(schema: JsonSchema): number {
  return schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1_000_000 : schema.exclusiveMinimum + 1);
}

function upperBound(schema: JsonSchema): number {
  return schema.maximum ?? (schema.exclusiveMaximum === undefined ? 1_000_000 : schema.exclusiveMaximum - 1);
}

function integerArb(schema: JsonSchema): fc.Arbitrary<number> {
  const min = Math.max(lowerBound(schema), Number.MIN_SAFE_INTEGER);
  const max = Math.min(upperBound(schema), Number.MAX_SAFE_INTEGER);
  // Small values most of the time (they pass business rules), the whole range sometimes.
  return fc.oneof({ arbitrary: fc.integer({ min, max: Math.min(max, min + 1000) }), weight: 3 }, { arbitrary: fc.integer({ min, max }), weight: 1 });
}

function numberArb(schema: JsonSchema): fc.Arbitrary<number> {
  const min = lowerBound(schema);
  const max = upperBound(schema);
  if (schema.multipleOf) {
    const step = schema.multipleOf;
    return fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((n) => Number((n * step).toFixed(10)));
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

const LONG = 'x'.repeat(100_000);
/** Values no field should turn into a 500, whatever its type. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  -(2 ** 31),
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  2 ** 63,
  1e308,
  -1e308,
  5e-324,
  '',
  ' ',
  LONG,
  'a\u0000b',
  '\u0000',
  '\ud800',
  '😀'.repeat(60),
  '\u202eevil',
  '%00%zz',
  '../../etc/passwd',
  "'; drop table members; --",
  '1e308',
  '99999999999999999999999',
  'NaN',
  '2026-02-30T00:00:00Z',
  'not a date',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '0000-02-29',
  '9999-12-31',
  '2026-13-01',
  [],
  [null],
  {},
  { $ne: 1 },
];

/** Hostile values for one field, including some cut to the field's own schema (bounds ± 1, NUL at a valid length). */
export function hostileFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const tailored: unknown[] = [];
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = lowerBound(schema);
    const max = upperBound(schema);
    tailored.push(min, max, min - 1, max + 1, min - 0.5, max * 2 ** 20, String(max));
  }
  if (schema.type === 'string') {
    const length = Math.max(schema.minLength ?? 1, 1);
    tailored.push('\u0000'.repeat(length), `${'a'.repeat(length)}\u0000`, 'x'.repeat((schema.maxLength ?? 200) + 1), '😀'.repeat(schema.maxLength ?? 200));
    if (schema.format === 'date-time') tailored.push('0001-01-01T00:00:00Z', '9999-12-31T23:59:59+23:59', '1000-02-29T00:00:00Z', '2026-06-01T12:00:00.1234567890123Z');
    if (schema.format === 'date') tailored.push('0001-01-01', '9999-12-31', '0000-02-29');
  }
  if (schema.type === 'array') tailored.push(Array.from({ length: (schema.maxItems ?? 100) + 1 }, () => null));
  return fc.constantFrom(...HOSTILE_VALUES, ...tailored);
}

/** Scalars pushed to the edge of their schema: every number at its bound, every free string at its longest. */
export function extremes(value: unknown, schema: JsonSchema, concrete: (s: JsonSchema) => JsonSchema, end: 'min' | 'max'): unknown {
  const s = concrete(schema);
  if ((s.type === 'integer' || s.type === 'number') && typeof value === 'number') return end === 'max' ? upperBound(s) : lowerBound(s);
  if (s.type === 'string' && typeof value === 'string' && !s.pattern && !s.format && !s.enum && s.const === undefined) {
    return end === 'max' ? 'ü'.repeat(s.maxLength ?? 1000) : 'x'.repeat(s.minLength ?? 0);
  }
  if (Array.isArray(value)) return value.map((item) => extremes(item, s.items ?? {}, concrete, end));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, extremes(item, s.properties?.[key] ?? {}, concrete, end)]));
  }
  return value;
}

/** Every place in a JSON value a field can be replaced or removed: the keys of objects and indexes of arrays, depth-first. */
export function fieldPaths(value: unknown, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > 4 || value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...fieldPaths(item, [...prefix, key], depth + 1)]);
}

/** A copy of `value` with the field at `path` set to `replacement`, or removed when `replacement` is `REMOVE`. */
export function withField(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === REMOVE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    parent[last] = replacement;
  }
  return copy;
}

export const REMOVE = Symbol('remove');
