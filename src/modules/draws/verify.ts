// Pure: checks a drawn campaign from its export alone, so anyone can, without access to our database.
import { isDeepStrictEqual } from 'node:util';
import { canonicalEntrants, entriesHashOf, seedHashOf } from './commitments.js';
import type { DrawExport } from './contract.js';
import { drawWinners } from './selection.js';

export interface VerificationCheck {
  check: 'seed' | 'entries' | 'winners';
  ok: boolean;
  detail: string;
}

export interface Verdict {
  drawId: string;
  name: string;
  verified: boolean;
  checks: VerificationCheck[];
}

function firstDifference(expected: readonly object[], actual: readonly object[]): string {
  const at = expected.findIndex((e, i) => !isDeepStrictEqual(e, actual[i]));
  const index = at === -1 ? Math.min(expected.length, actual.length) : at;
  return `position ${index}: recomputed ${JSON.stringify(expected[index] ?? null)}, published ${JSON.stringify(actual[index] ?? null)}`;
}

/**
 * Three checks: sha256(seed) is the seedHash published at creation; the entry list hashes to the
 * entriesHash published at the close; re-running the draw on them gives exactly the published results.
 * @example verifyDraw(JSON.parse(readFileSync('draw.json', 'utf8'))).verified // true
 */
export function verifyDraw(data: DrawExport): Verdict {
  const { draw } = data;
  const entrants = canonicalEntrants(data.entrants.map((e) => ({ memberId: e.memberId, entries: e.tickets })));
  const seedHash = seedHashOf(draw.seed);
  const entriesHash = entriesHashOf(entrants);
  const expected = drawWinners(draw.seed, entrants, { levels: draw.prizes, consolation: draw.consolation !== null });
  const published = [...data.results].sort((a, b) => a.position - b.position).map((r) => ({ position: r.position, memberId: r.memberId, level: r.level }));
  const prizes = expected.filter((w) => w.level < draw.prizes.length).length;
  const checks: VerificationCheck[] = [
    {
      check: 'seed',
      ok: seedHash === draw.seedHash,
      detail: seedHash === draw.seedHash ? 'sha256(seed) matches the seedHash published at creation' : `sha256(seed) is ${seedHash}, the published seedHash is ${draw.seedHash}`,
    },
    {
      check: 'entries',
      ok: entriesHash === draw.entriesHash,
      detail:
        entriesHash === draw.entriesHash
          ? `${entrants.length} entrants with ${entrants.reduce((sum, e) => sum + e.tickets, 0)} tickets hash to the published entriesHash`
          : `the entries hash to ${entriesHash}, the published entriesHash is ${draw.entriesHash}`,
    },
    {
      check: 'winners',
      ok: isDeepStrictEqual(expected, published),
      detail: isDeepStrictEqual(expected, published)
        ? `re-running the draw gives the same ${prizes} prize winners and ${expected.length - prizes} consolation prizes`
        : `the results differ at ${firstDifference(expected, published)}`,
    },
  ];
  return { drawId: draw.id, name: draw.name, verified: checks.every((c) => c.ok), checks };
}
