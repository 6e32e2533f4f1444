import type { components } from '../../api/schema';

export type Schemas = components['schemas'];

/**
 * A document from a JSON editor (or built from one) as the request body the API expects. The API validates it (and says
 * which path is wrong), so the editor does not repeat the schema.
 */
export function bodyAs<T>(doc: object): NonNullable<T> {
  return doc as unknown as NonNullable<T>;
}
