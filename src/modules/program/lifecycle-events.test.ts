import { describe, expect, it } from 'vitest';
import { celebratedOn } from './lifecycle-events.js';

describe('birthdays', () => {
  it.each([
    ['2004-02-29', 2027, '02-28'],
    ['2004-02-29', 2028, '02-29'],
    ['2004-02-29', 2100, '02-28'],
    ['2004-02-29', 2000, '02-29'],
    ['1990-03-01', 2027, '03-01'],
    ['1990-12-31', 2027, '12-31'],
  ])('%s is celebrated in %i on %s', (birthday, year, day) => {
    expect(celebratedOn(birthday, year)).toBe(day);
  });
});
