// Pure: the winners of a draw from its revealed seed, canonical entry list and prize table. Anyone
// holding those three can run it again (`fidelis draws verify`) and must get the same winners.
import { createHmac } from 'node:crypto';
import type { Entrant } from './commitments.js';

export interface Winner {
  /** Order of the draw: prize winners as drawn, then consolation in canonical order. */
  position: number;
  memberId: string;
  /** Index into the prize levels; `levels.length` is the consolation prize. */
  level: number;
}

export interface PrizeShape {
  levels: readonly { quantity: number }[];
  consolation: boolean;
}

const STREAM_LABEL = 'fidelis-draw/v1';
const TWO_64 = 1n << 64n;

/**
 * The seed's random stream: block n is HMAC-SHA256(key = the seed's 32 bytes, message =
 * "fidelis-draw/v1:<n>" in ASCII), n = 0, 1, 2 …; each block gives one 64-bit big-endian number.
 */
export class SeedStream {
  private counter = 0;
  private readonly key: Buffer;

  constructor(seedHex: string) {
    this.key = Buffer.from(seedHex, 'hex');
  }

  private next64(): bigint {
    return createHmac('sha256', this.key).update(`${STREAM_LABEL}:${this.counter++}`).digest().readBigUInt64BE(0);
  }

  /** Uniform in [0, n): numbers at or past the largest multiple of n below 2^64 are drawn again, so none is favoured. */
  below(n: number): number {
    const bound = BigInt(n);
    const limit = TWO_64 - (TWO_64 % bound);
    for (;;) {
      const value = this.next64();
      if (value < limit) return Number(value % bound);
    }
  }
}

/** Cumulative ticket counts (a Fenwick tree): find the owner of ticket t and remove a winner's tickets in O(log n). */
class TicketTree {
  private readonly tree: number[];
  private readonly top: number;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    this.tree = [0, ...weights];
    for (let i = 1; i <= n; i++) {
      const parent = i + (i & -i);
      if (parent <= n) this.tree[parent]! += this.tree[i]!;
    }
    this.top = n === 0 ? 0 : 2 ** Math.floor(Math.log2(n));
  }

  remove(index: number, weight: number): void {
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]! -= weight;
  }

  /** The index whose tickets hold ticket number `ticket` (0-based, counting only tickets still in). */
  owner(ticket: number): number {
    let position = 0;
    let rest = ticket;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = position + step;
      if (next < this.tree.length && this.tree[next]! <= rest) {
        position = next;
        rest -= this.tree[next]!;
      }
    }
    return position;
  }
}

/**
 * Draws the winners. For each prize level in order, for each of its prizes: a ticket number is drawn
 * uniformly from the tickets still in (`SeedStream.below`), the member holding it (tickets laid out
 * in the canonical order of `entrants`) wins that prize, and all their tickets leave the draw — so a
 * member wins at most one prize and their chance is proportional to their tickets. When the members
 * run out, the remaining prizes stay unawarded. With a consolation prize, everyone not drawn gets it.
 * @example drawWinners(seed, [{ memberId: 'mem_a', tickets: 3 }, { memberId: 'mem_b', tickets: 1 }], { levels: [{ quantity: 1 }], consolation: true })
 * // e.g. [{ position: 0, memberId: 'mem_a', level: 0 }, { position: 1, memberId: 'mem_b', level: 1 }]
 */
export function drawWinners(seedHex: string, entrants: readonly Entrant[], prizes: PrizeShape): Winner[] {
  const stream = new SeedStream(seedHex);
  const tree = new TicketTree(entrants.map((e) => e.tickets));
  const drawn = new Uint8Array(entrants.length);
  let ticketsIn = entrants.reduce((sum, e) => sum + e.tickets, 0);
  const winners: Winner[] = [];
  prizes.levels.forEach((level, index) => {
    for (let k = 0; k < level.quantity && ticketsIn > 0; k++) {
      const owner = tree.owner(stream.below(ticketsIn));
      const entrant = entrants[owner]!;
      winners.push({ position: winners.length, memberId: entrant.memberId, level: index });
      drawn[owner] = 1;
      tree.remove(owner, entrant.tickets);
      ticketsIn -= entrant.tickets;
    }
  });
  if (prizes.consolation) {
    entrants.forEach((entrant, i) => {
      if (drawn[i] === 0) winners.push({ position: winners.length, memberId: entrant.memberId, level: prizes.levels.length });
    });
  }
  return winners;
}
