// Pure: the backoff between failed tries of a delivery or a journey step.

const RETRY_BASE_MS = 60_000;
const RETRY_CAP_MS = 6 * 3_600_000;

/** After the n-th failed try (n ≥ 1) wait 1, 2, 4 … minutes, at most 6 hours: a broken SMTP server is not hammered. */
export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, Math.min(failures - 1, 20)));
}

/** Tries before a step or a message is given up as failed (about a day of backoff in total). */
export const MAX_TRIES = 12;
