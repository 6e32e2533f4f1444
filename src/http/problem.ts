import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, ValidationFailed, type FieldProblem } from '../errors.js';
import { sqlState } from '../db/client.js';
import { plainMessage } from '../validation-messages.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://fidelis.dev/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldProblem[];
  instance?: string;
}

export function problem(status: number, code: string, detail: string, errors?: FieldProblem[]): Problem {
  return {
    type: TYPE_BASE + code,
    title: code.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase()),
    status,
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Fastify's own 4xx errors, each with the stable code we promise to clients. */
const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed_json', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed_json', 'The request body is empty but the content type is JSON.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large', 'The request body is larger than the server accepts.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length', 'Content-Length does not match the body.'],
  FST_ERR_BAD_URL: [400, 'bad_url', 'The URL is not valid: a %-escape in its path is malformed.'],
};

/** Turns any error into a problem document; only truly unexpected errors become a 500. */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) return problem(error.status, error.code, error.message, error.errors);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`,
      message: plainMessage(issue),
    }));
    const refusal = new ValidationFailed(errors);
    return problem(refusal.status, refusal.code, refusal.message, refusal.errors);
  }
  const fastifyError = error as Partial<FastifyError> & { status?: number };
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known) return problem(known[0], known[1], known[2]);
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return problem(400, 'malformed_json', 'The request body is not valid JSON.');
  }
  if (fastifyError.statusCode === 429) return problem(429, 'rate_limited', fastifyError.message ?? 'Too many requests.');
  const state = sqlState(error);
  // Input that slipped past validation but the database refused: the client's fault, and nothing was written.
  if (state?.startsWith('22')) return problem(400, 'invalid_value', 'A value is out of range or malformed.');
  const status = fastifyError.statusCode;
  if (!isResponseSerializationError(error) && status && status >= 400 && status < 500) {
    return problem(status, 'bad_request', fastifyError.message ?? 'Bad request.');
  }
  return problem(500, 'internal_error', 'An unexpected error occurred; it has been logged.');
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.status(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = toProblem(error);
  if (body.status >= 500) request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, { ...body, instance: request.url });
}
