/**
 * How long to wait before the next attempt after `failedAttempts` failures: "full jitter" (a uniform
 * draw up to the exponential ceiling), so receivers that fail together do not get retried together.
 * `random` is in [0, 1).
 * @example retryDelayMs(3, { baseMs: 1000, capMs: 60_000 }, 0.5) // 2000 (half of 1000 × 2²)
 */
export function retryDelayMs(failedAttempts: number, policy: { baseMs: number; capMs: number }, random: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(failedAttempts - 1, 52));
  return Math.floor(random * ceiling);
}

/** What a failed attempt leads to: another try after a delay, or the dead letter. */
export function afterFailure(failedAttempts: number, policy: { baseMs: number; capMs: number; maxAttempts: number }, random: number): { dead: true } | { dead: false; delayMs: number } {
  if (failedAttempts >= policy.maxAttempts) return { dead: true };
  return { dead: false, delayMs: retryDelayMs(failedAttempts, policy, random) };
}
