// Saved segments as feedback breakdown groups and campaign audiences, resolved through the engagement
// module's service (feedback never reads its tables).
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { listSegments, segmentMemberIds } from '../engagement/segments.js';
import type { SegmentGroup } from './reporting.js';

/** Every saved segment with its members now, named `name (seg_…)`. */
export async function savedSegmentGroups(db: Sql, config: Config, now: Date): Promise<SegmentGroup[]> {
  const segments = await listSegments(db);
  return Promise.all(segments.map(async (s) => ({ key: `${s.name} (${s.id})`, memberIds: await segmentMemberIds(db, config, s.id, now) })));
}
