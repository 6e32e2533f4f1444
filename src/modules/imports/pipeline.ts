// Batches on their way to the database: while one batch is being written, the next one fills.
import type { Sql } from '../../db/client.js';

/** Runs one batch's writes atomically: the CLI opens a transaction per batch, HTTP runs inside the request's. */
export type Atomically = <T>(fn: (tx: Sql) => Promise<T>) => Promise<T>;

/**
 * At most one batch is written at a time while the caller reads and checks the next, so parsing and
 * writing overlap. A second statement in flight would gain little: batches of a time-ordered file
 * share members, so it would wait on the first one's aggregate rows (or deadlock with it and be
 * retried), and on two cores the database already has one to itself.
 */
export class BatchWriter<B> {
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly write: (batch: B) => Promise<void>) {}

  /** Waits for the batch before, then starts this one without waiting for it. */
  async submit(batch: B): Promise<void> {
    await this.inFlight;
    this.inFlight = this.write(batch);
    // Awaited by the next submit or by drain; this only keeps an early failure from counting as unhandled.
    this.inFlight.catch(() => undefined);
  }

  async drain(): Promise<void> {
    await this.inFlight;
  }
}
