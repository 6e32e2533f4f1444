import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../events/service.js';
import { filterProblem, matchesFilters } from './filters.js';

describe('filterProblem', () => {
  it.each([
    ['points.earned', null],
    ['points.*', null],
    ['draw.*', null],
    ['point.earned', 'unknown event type point.earned'],
    ['points.earn', 'unknown event type points.earn'],
    ['*', 'a wildcard may only stand for a whole domain, as in points.*'],
    ['points.e*', 'a wildcard may only stand for a whole domain, as in points.*'],
    ['*.earned', 'a wildcard may only stand for a whole domain, as in points.*'],
  ])('%s', (filter, problem) => {
    expect(filterProblem(filter)).toBe(problem);
  });

  it('names the known domains when a domain is unknown', () => {
    expect(filterProblem('pointz.*')).toMatch(/^unknown event domain pointz; domains: member, order, orders, points/);
  });
});

describe('matchesFilters', () => {
  it.each([
    [[], 'points.earned', true],
    [['points.earned'], 'points.earned', true],
    [['points.earned'], 'points.redeemed', false],
    [['points.*'], 'points.redeemed', true],
    [['points.*'], 'member.created', false],
    [['tier.upgraded', 'member.*'], 'member.erased', true],
    [['reward.*'], 'referral.completed', false],
  ])('%j wants %s: %s', (filters, type, expected) => {
    expect(matchesFilters(filters, type)).toBe(expected);
  });

  it('a domain filter matches exactly the types of that domain', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_TYPES), fc.constantFrom(...EVENT_TYPES), (filterType, type) => {
        const domain = filterType.split('.')[0]!;
        expect(matchesFilters([`${domain}.*`], type)).toBe(type.split('.')[0] === domain);
      }),
    );
  });
});
