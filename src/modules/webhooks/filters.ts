import { EVENT_TYPES } from '../events/service.js';

const DOMAINS = new Set(EVENT_TYPES.map((type) => type.split('.')[0]!));
const TYPES = new Set<string>(EVENT_TYPES);

/**
 * Why an event filter is not one we can ever match, or null when it is fine: an exact event type
 * (`points.earned`) or a whole domain (`points.*`).
 * @example filterProblem('points.*') // null
 * @example filterProblem('point.earned') // 'unknown event type point.earned'
 */
export function filterProblem(filter: string): string | null {
  if (filter.endsWith('.*')) {
    const domain = filter.slice(0, -2);
    return DOMAINS.has(domain) ? null : `unknown event domain ${domain}; domains: ${[...DOMAINS].join(', ')}`;
  }
  if (filter.includes('*')) return 'a wildcard may only stand for a whole domain, as in points.*';
  return TYPES.has(filter) ? null : `unknown event type ${filter}`;
}

/**
 * Whether an endpoint with these filters wants an event of this type; no filters means every event.
 * @example matchesFilters(['points.*', 'tier.upgraded'], 'points.earned') // true
 */
export function matchesFilters(filters: readonly string[], type: string): boolean {
  if (filters.length === 0) return true;
  return filters.some((filter) => (filter.endsWith('.*') ? type.startsWith(filter.slice(0, -1)) : filter === type));
}
