/**
 * The scheduled jobs by name, apart from their code so the CLI can list them without loading every
 * module. `schedule.ts` maps each name to its job; the compiler checks the two lists agree.
 */
export const JOB_NAMES = [
  'expire-points',
  'feedback-after-order',
  'feedback-periodic',
  'birthday-events',
  'tier-review',
  'referrals',
  'seal-draws',
  'member-scores',
  'journeys',
  'messages',
  'purge-idempotency-keys',
] as const;
export type JobName = (typeof JOB_NAMES)[number];
