/**
 * Group commit for one kind of write. While `slots` writes are in flight, new jobs wait; when a slot
 * frees, everything waiting (up to `maxBatch`) goes to the database as ONE statement. Under load this
 * turns N statements, N commits and N round trips into one, which is where a write-heavy endpoint on
 * a small machine spends its time; with no load, a job goes alone at once and waits for nothing.
 *
 * Exactness comes from the fallback: `runMany` either applies every job of the batch or none of
 * them (one statement is atomic), and any batch that is not applied whole — a duplicate key, a
 * refused job, a deadlock — is re-run one job at a time through `runOne`, so each job gets exactly
 * the answer (or error) it would have had alone, in arrival order.
 */
export interface CoalescerOptions<J, R> {
  slots: number;
  maxBatch: number;
  runOne: (job: J) => Promise<R>;
  /** Applies all jobs and returns their results in order, or returns null having applied none. */
  runMany: (jobs: readonly J[]) => Promise<readonly R[] | null>;
}

interface Waiting<J, R> {
  job: J;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface CoalescerStats {
  batches: number;
  batchedJobs: number;
  fallbacks: number;
}

export class WriteCoalescer<J, R> {
  private readonly waiting: Waiting<J, R>[] = [];
  private inFlight = 0;
  readonly stats: CoalescerStats = { batches: 0, batchedJobs: 0, fallbacks: 0 };

  constructor(private readonly options: CoalescerOptions<J, R>) {
    if (options.slots < 1 || options.maxBatch < 1) throw new Error('slots and maxBatch must be at least 1');
  }

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.slots && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting<J, R>[]): Promise<void> {
    if (batch.length > 1) {
      const results = await this.options.runMany(batch.map((w) => w.job)).catch(() => null);
      if (results) {
        this.stats.batches += 1;
        this.stats.batchedJobs += batch.length;
        batch.forEach((waiting, index) => waiting.resolve(results[index]!));
        return;
      }
      this.stats.fallbacks += 1;
    }
    // One at a time, in arrival order: a slot is one statement, and of two conflicting jobs the
    // earlier one wins, as it would have without batching.
    for (const waiting of batch) await this.options.runOne(waiting.job).then(waiting.resolve, waiting.reject);
  }
}
