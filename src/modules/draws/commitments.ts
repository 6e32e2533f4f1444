// Pure: what a draw publishes before it is run, so anyone can check it afterwards.
import { createHash, randomBytes } from 'node:crypto';

/** A member's place in the draw: every entry they earned is one ticket. */
export interface Entrant {
  memberId: string;
  tickets: number;
}

/** 32 random bytes as hex: the secret the winners are derived from, revealed only after the draw. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

/**
 * The commitment published at creation: sha256 of the seed's 32 bytes, as hex.
 * @example seedHashOf('00'.repeat(32)) // '66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925'
 */
export function seedHashOf(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');
}

/**
 * The canonical entry list: tickets summed per member, members in ascending id order (ids are ASCII,
 * so this is byte order), members without tickets left out. The draw and its hash read only this.
 */
export function canonicalEntrants(rows: readonly { memberId: string; entries: number }[]): Entrant[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.memberId, (totals.get(row.memberId) ?? 0) + row.entries);
  return [...totals]
    .filter(([, tickets]) => tickets > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([memberId, tickets]) => ({ memberId, tickets }));
}

/**
 * sha256 (hex) of the canonical list written as one line per member, `<memberId> <tickets>\n`, in
 * UTF-8: what `entriesHash` commits to when the entries are sealed.
 * @example entriesHashOf([{ memberId: 'mem_a', tickets: 2 }]) // sha256 of 'mem_a 2\n'
 */
export function entriesHashOf(entrants: readonly Entrant[]): string {
  const hash = createHash('sha256');
  for (const e of entrants) hash.update(`${e.memberId} ${e.tickets}\n`);
  return hash.digest('hex');
}
