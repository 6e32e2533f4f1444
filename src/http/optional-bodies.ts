// @fastify/swagger marks every request body required (Fastify needs one once a route has a body schema),
// but a body schema that admits null is optional: the JSON parser turns an empty body into no body, and
// such a route answers without one (`POST /v1/members/{id}/wallet-link`). The document should say so.

type Schema = { $ref?: string; type?: string | string[]; anyOf?: Schema[]; oneOf?: Schema[] };
interface RequestBody {
  required?: boolean;
  content?: Record<string, { schema?: Schema }>;
}
interface Document {
  paths?: Record<string, Record<string, { requestBody?: RequestBody } | undefined> | undefined>;
  components?: { schemas?: Record<string, unknown> };
}

function admitsNull(schema: Schema | undefined, components: Record<string, Schema>): boolean {
  if (!schema) return false;
  if (schema.$ref) return admitsNull(components[schema.$ref.split('/').pop()!], components);
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))) return true;
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some((part) => admitsNull(part, components));
}

/**
 * Marks as optional each request body whose JSON schema admits null; the document is changed in place.
 * @example transformObject: (input) => markOptionalBodies(jsonSchemaTransformObject(input))
 */
export function markOptionalBodies<T>(document: T): T {
  const { paths = {}, components } = document as Document;
  const schemas = (components?.schemas ?? {}) as Record<string, Schema>;
  for (const methods of Object.values(paths)) {
    for (const operation of Object.values(methods ?? {})) {
      const body = operation?.requestBody;
      if (body?.required && admitsNull(body.content?.['application/json']?.schema, schemas)) body.required = false;
    }
  }
  return document;
}
