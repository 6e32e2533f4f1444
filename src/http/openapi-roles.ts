// Which API key roles may call an operation is declared on its route (`config.roles`, enforced by
// auth.ts); the document repeats it, so a developer choosing a key's role need not find out by a 403.

interface RouteWithRoles {
  config?: { roles?: readonly string[] };
}

interface TransformedRoute {
  schema: object;
  url: string;
}

/**
 * The operation with its roles: `x-roles` for tools, and a last line of its description for people.
 * @example transform: (input) => withRoles(input.route, jsonSchemaTransform(input))
 */
export function withRoles<T extends TransformedRoute>(route: RouteWithRoles | undefined, transformed: T): T {
  const roles = route?.config?.roles;
  const schema = transformed.schema as { hide?: boolean; description?: string };
  if (!roles || schema.hide) return transformed;
  const description = schema.description ? `${schema.description}\n\n` : '';
  return { ...transformed, schema: { ...schema, 'x-roles': [...roles], description: `${description}Roles: ${roles.join(', ')}.` } };
}
