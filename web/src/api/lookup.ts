import type { components } from './schema';
import { unwrap, type ApiClient } from './client.ts';

export type Member = components['schemas']['Member'];

/** What the person typed, as the members search understands it: an id, an email or a phone number. */
export function lookupQuery(text: string): { id: string } | { email: string } | { phone: string } | { externalId: string } | null {
  const value = text.trim();
  if (value === '') return null;
  if (/^mem_[0-9a-z]{26}$/i.test(value)) return { id: value.toLowerCase() };
  if (value.includes('@')) return { email: value };
  if (/^\+?[\d\s\-().]{6,}$/.test(value)) return { phone: value };
  return { externalId: value };
}

/** Members matching the typed text (an exact match: search is by identifier, not by name). */
export async function findMembers(client: ApiClient, text: string): Promise<Member[]> {
  const query = lookupQuery(text);
  if (!query) return [];
  if ('id' in query) {
    const found = await client.GET('/v1/members/{id}', { params: { path: { id: query.id } } });
    if (found.response.status === 404) return [];
    return [unwrap(found)];
  }
  return unwrap(await client.GET('/v1/members', { params: { query: { limit: 20, ...query } } })).data;
}
