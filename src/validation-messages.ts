// zod's own messages are written for developers ("Too small: expected number to be >=30"); the admin
// screens show refused requests and rejected import rows to marketers, so they say what the value must
// be. Messages a schema words itself ("must be an http or https URL") are kept as they are.

/** One validation issue as fastify-type-provider-zod reports it: zod's code, message and the rest. */
export interface ValidationIssue {
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

// Every message zod writes itself starts so; the schemas here word theirs in lower case.
const ZOD_DEFAULT = /^(Invalid input|Invalid option|Invalid string|Invalid number|Invalid discriminator value|Invalid [A-Za-z0-9 .-]+$|Too big:|Too small:|Unrecognized keys?:)/;

const TYPES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  date: 'a date',
  null: 'empty (null)',
};

const FORMATS: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  datetime: 'a date and time such as 2026-07-01T10:00:00Z',
  date: 'a date such as 2026-07-01',
  time: 'a time such as 10:00:00',
  duration: 'an ISO 8601 duration such as PT24H',
};

const SIZED: Record<string, [string, string]> = { string: ['character', 'characters'], array: ['item', 'items'], set: ['item', 'items'], map: ['entry', 'entries'] };

const list = (values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

function bound(params: Record<string, unknown>, limit: unknown, kind: 'least' | 'most'): string {
  const origin = String(params.origin ?? 'number');
  const inclusive = params.inclusive !== false;
  const sized = SIZED[origin];
  if (sized) {
    if (kind === 'least' && Number(limit) === 1 && inclusive) return 'must not be empty';
    const unit = Number(limit) === 1 ? sized[0] : sized[1];
    const verb = origin === 'string' ? 'must be' : 'must have';
    return params.exact ? `${verb} exactly ${String(limit)} ${unit}` : `${verb} at ${kind} ${String(limit)} ${unit}`;
  }
  if (params.exact) return `must be exactly ${String(limit)}`;
  if (kind === 'least') return inclusive ? `must be at least ${String(limit)}` : `must be more than ${String(limit)}`;
  return inclusive ? `must be at most ${String(limit)}` : `must be less than ${String(limit)}`;
}

/**
 * The issue's message in plain words when zod wrote it, else the schema's own message.
 * @example plainMessage({ keyword: 'too_small', message: 'Too small: expected number to be >=30', params: { origin: 'number', minimum: 30, inclusive: true } }) // 'must be at least 30'
 */
export function plainMessage(issue: ValidationIssue): string {
  const message = issue.message ?? '';
  if (message !== '' && !ZOD_DEFAULT.test(message)) return message;
  const params = issue.params ?? {};
  switch (issue.keyword) {
    case 'too_small':
      return bound(params, params.minimum, 'least');
    case 'too_big':
      return bound(params, params.maximum, 'most');
    case 'invalid_type':
      if (/received undefined$/.test(message)) return 'is required';
      return `must be ${TYPES[String(params.expected)] ?? String(params.expected)}`;
    case 'invalid_value': {
      const values = Array.isArray(params.values) ? params.values : [];
      return values.length === 1 ? `must be ${list(values)}` : `must be one of ${list(values)}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${String(params.divisor)}`;
    case 'unrecognized_keys': {
      const keys = Array.isArray(params.keys) ? params.keys : [];
      return `${keys.length === 1 ? 'unknown field' : 'unknown fields'} ${list(keys)}`;
    }
    case 'invalid_format': {
      const format = String(params.format);
      if (format === 'regex') return 'is not in the expected form';
      if (format === 'starts_with') return `must start with ${String(params.prefix)}`;
      return `must be ${FORMATS[format] ?? `a valid ${format}`}`;
    }
    case 'invalid_union':
      return Array.isArray(params.options) && params.options.length > 0 ? `must be one of ${list(params.options)}` : 'does not match any of the allowed forms';
    default:
      return message || 'is not valid';
  }
}
