import { describe, expect, it } from 'vitest';
import { JOB_NAMES } from './job-names.js';
import { JOBS, scheduledJobs } from './schedule.js';

describe('scheduledJobs', () => {
  it('runs every job on its default interval unless told otherwise', () => {
    expect(scheduledJobs({ jobIntervals: {} }).map((job) => job.name)).toEqual([...JOB_NAMES]);
  });

  it('takes the configured intervals and leaves out jobs set to 0', () => {
    const jobs = scheduledJobs({ jobIntervals: { journeys: 600_000, 'member-scores': 0 } });
    expect(jobs.find((job) => job.name === 'journeys')?.everyMs).toBe(600_000);
    expect(jobs.some((job) => job.name === 'member-scores')).toBe(false);
    expect(jobs.find((job) => job.name === 'messages')?.everyMs).toBe(JOBS.find((job) => job.name === 'messages')?.everyMs);
    expect(jobs).toHaveLength(JOBS.length - 1);
  });
});
