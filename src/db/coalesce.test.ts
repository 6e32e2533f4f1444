import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WriteCoalescer } from './coalesce.js';

/** A fake database: records what ran how, lets the test decide when each statement "commits". */
function fakeWrites(options: { slots: number; maxBatch: number; refuseBatch?: (jobs: readonly number[]) => boolean; failOne?: (job: number) => boolean }) {
  const log: { kind: 'one' | 'many'; jobs: number[] }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const pending: (() => void)[] = [];
  const statement = async <T>(produce: () => T): Promise<T> => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => pending.push(resolve));
    inFlight -= 1;
    return produce();
  };
  const coalescer = new WriteCoalescer<number, string>({
    slots: options.slots,
    maxBatch: options.maxBatch,
    runOne: (job) =>
      statement(() => {
        log.push({ kind: 'one', jobs: [job] });
        if (options.failOne?.(job)) throw new Error(`job ${job} refused`);
        return `one:${job}`;
      }),
    runMany: (jobs) =>
      statement(() => {
        if (options.refuseBatch?.(jobs)) return null;
        log.push({ kind: 'many', jobs: [...jobs] });
        return jobs.map((job) => `many:${job}`);
      }),
  });
  /** Commits every statement in flight, repeatedly, until nothing is left. */
  const drain = async () => {
    for (let guard = 0; guard < 1000; guard++) {
      await new Promise((resolve) => setImmediate(resolve));
      const ready = pending.splice(0);
      if (ready.length === 0 && inFlight === 0) return;
      ready.forEach((commit) => commit());
    }
    throw new Error('did not drain');
  };
  return { coalescer, log, drain, maxInFlight: () => maxInFlight };
}

describe('WriteCoalescer', () => {
  it('sends a lone job at once, on its own', async () => {
    const fake = fakeWrites({ slots: 2, maxBatch: 10 });
    const result = fake.coalescer.submit(1);
    await fake.drain();
    await expect(result).resolves.toBe('one:1');
    expect(fake.log).toEqual([{ kind: 'one', jobs: [1] }]);
  });

  it('groups what waits while the slots are busy into one statement, in arrival order', async () => {
    const fake = fakeWrites({ slots: 1, maxBatch: 10 });
    const results = [1, 2, 3, 4].map((job) => fake.coalescer.submit(job));
    await fake.drain();
    expect(await Promise.all(results)).toEqual(['one:1', 'many:2', 'many:3', 'many:4']);
    expect(fake.log).toEqual([
      { kind: 'one', jobs: [1] },
      { kind: 'many', jobs: [2, 3, 4] },
    ]);
    expect(fake.coalescer.stats).toEqual({ batches: 1, batchedJobs: 3, fallbacks: 0 });
  });

  it('re-runs a refused batch one job at a time, each with its own answer or error', async () => {
    const fake = fakeWrites({ slots: 1, maxBatch: 10, refuseBatch: (jobs) => jobs.includes(3), failOne: (job) => job === 3 });
    const results = [1, 2, 3, 4].map((job) => fake.coalescer.submit(job).catch((error: Error) => error.message));
    await fake.drain();
    expect(await Promise.all(results)).toEqual(['one:1', 'one:2', 'job 3 refused', 'one:4']);
    expect(fake.coalescer.stats.fallbacks).toBe(1);
  });

  it('treats a batch that throws like a refused one', async () => {
    const coalescer = new WriteCoalescer<number, string>({
      slots: 1,
      maxBatch: 10,
      runOne: async (job) => `one:${job}`,
      runMany: () => Promise.reject(new Error('deadlock detected')),
    });
    const results = await Promise.all([1, 2, 3].map((job) => coalescer.submit(job)));
    expect(results).toEqual(['one:1', 'one:2', 'one:3']);
    expect(coalescer.stats.fallbacks).toBe(1);
  });

  it('answers every job exactly once, never exceeds its slots or batch size, and loses nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }),
        fc.func(fc.boolean()),
        async (slots, maxBatch, arrivals, refuse) => {
          const fake = fakeWrites({ slots, maxBatch, refuseBatch: (jobs) => refuse(jobs.join(',')) });
          const results: Promise<string>[] = [];
          let job = 0;
          // Jobs arrive in waves between commits, as requests do.
          for (const wave of arrivals) {
            for (let i = 0; i < wave; i++) results.push(fake.coalescer.submit(job++));
            await new Promise((resolve) => setImmediate(resolve));
          }
          await fake.drain();
          const answers = await Promise.all(results);
          answers.forEach((answer, index) => expect(answer).toMatch(new RegExp(`^(one|many):${index}$`)));
          const written = fake.log.flatMap((entry) => entry.jobs).sort((a, b) => a - b);
          expect(written).toEqual(Array.from({ length: job }, (_, i) => i));
          expect(fake.maxInFlight()).toBeLessThanOrEqual(slots);
          expect(Math.max(0, ...fake.log.map((entry) => entry.jobs.length))).toBeLessThanOrEqual(maxBatch);
        },
      ),
      { numRuns: 200 },
    );
  });
});
