// Batches on their way to the database: while earlier batches are being written, the next one fills.
import type { Sql } from '../../db/client.js';

/** Runs one batch's writes atomically: the CLI opens a transaction per batch, HTTP runs inside the request's. */
export type Atomically = <T>(fn: (tx: Sql) => Promise<T>) => Promise<T>;

/**
 * At most `depth` batches are written at a time (each in its own transaction) while the caller reads
 * and checks the next, so parsing and writing overlap. What each write answers is settled (counted,
 * its rejects reported) in the order the batches were submitted, so a reject file stays in line
 * order. The first failure is thrown by the next `submit` or by `drain`, once the other batches in
 * flight have ended; those that committed stay, and a re-run skips them.
 */
export class BatchWriter<B, R> {
  private readonly inFlight = new Set<Promise<void>>();
  private settled: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly write: (batch: B) => Promise<R>,
    private readonly settle: (outcome: R) => void | Promise<void>,
    private readonly depth = 1,
  ) {}

  /** Waits until fewer than `depth` batches are in flight, then starts this one without waiting for it. */
  async submit(batch: B): Promise<void> {
    while (this.inFlight.size >= this.depth && !this.failure) await Promise.race(this.inFlight);
    if (this.failure) await this.drain();
    const outcome = this.write(batch);
    const before = this.settled;
    const done: Promise<void> = outcome
      .then(async (result) => {
        await before;
        if (!this.failure) await this.settle(result);
      })
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.inFlight.delete(done));
    this.settled = done;
    this.inFlight.add(done);
  }

  /** Waits for every batch in flight, then throws the first failure if there was one: nothing is still being written after. */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure.error;
  }
}
