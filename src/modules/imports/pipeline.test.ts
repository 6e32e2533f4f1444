import { describe, expect, it } from 'vitest';
import { BatchWriter } from './pipeline.js';

/** A write that ends when the test says so. */
function controlledWrites() {
  const pending = new Map<number, { resolve: (value: number) => void; reject: (error: Error) => void }>();
  const started: number[] = [];
  const write = (batch: number) =>
    new Promise<number>((resolve, reject) => {
      started.push(batch);
      pending.set(batch, { resolve, reject });
    });
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return { write, started, pending, tick };
}

describe('BatchWriter', () => {
  it('keeps at most `depth` batches in flight and settles them in the order they were submitted', async () => {
    const { write, started, pending, tick } = controlledWrites();
    const settled: number[] = [];
    const writer = new BatchWriter(write, (outcome: number) => void settled.push(outcome), 2);
    await writer.submit(1);
    await writer.submit(2);
    const third = writer.submit(3);
    await tick();
    expect(started).toEqual([1, 2]);
    pending.get(2)!.resolve(2);
    await tick();
    expect(settled).toEqual([]); // 2 waits for 1 to settle first
    expect(started).toEqual([1, 2]); // 2 is written, but it counts as in flight until it has settled
    pending.get(1)!.resolve(1);
    await third;
    expect(settled).toEqual([1, 2]);
    expect(started).toEqual([1, 2, 3]);
    pending.get(3)!.resolve(3);
    await writer.drain();
    expect(settled).toEqual([1, 2, 3]);
  });

  it('throws the first failure only after every batch in flight has ended, and settles nothing after it', async () => {
    const { write, pending, tick } = controlledWrites();
    const settled: number[] = [];
    const writer = new BatchWriter(write, (outcome: number) => void settled.push(outcome), 2);
    await writer.submit(1);
    await writer.submit(2);
    pending.get(1)!.reject(new Error('batch 1 failed'));
    await tick();
    let thrown = false;
    const next = writer.submit(3).catch((error: Error) => {
      thrown = true;
      expect(error.message).toBe('batch 1 failed');
    });
    await tick();
    expect(thrown).toBe(false); // batch 2 is still being written
    pending.get(2)!.resolve(2);
    await next;
    expect(thrown).toBe(true);
    expect(settled).toEqual([]);
    expect(pending.has(3)).toBe(false);
    await expect(writer.drain()).rejects.toThrow('batch 1 failed');
  });
});
