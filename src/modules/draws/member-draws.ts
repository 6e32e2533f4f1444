// A member's draws as their wallet shows them: each campaign they hold entries in, how many, and
// what they won once it is drawn.
import type { Sql } from '../../db/client.js';
import { statusOf, type DrawRow } from './campaigns.js';
import type { DrawStatus } from './contract.js';

export interface MemberDraw {
  drawId: string;
  name: string;
  description: string | null;
  status: DrawStatus;
  closesAt: string;
  entries: number;
  /** The prize's name once drawn (every entrant of a win-win draw gets at least the consolation). */
  prize: string | null;
  rewardCode: string | null;
}

const MEMBER_DRAWS = 20;

/** Newest closing first. */
export async function memberDraws(db: Sql, memberId: string, now: Date): Promise<MemberDraw[]> {
  const rows = await db.query<DrawRow & { held: number; level: number | null; reward_code: string | null }>(
    `select c.*, e.held, r.level, r.reward_code
     from (select campaign_id, sum(entries)::int8 as held from draw_entries where member_id = $1 group by campaign_id) e
     join draw_campaigns c on c.id = e.campaign_id
     left join draw_results r on r.campaign_id = c.id and r.member_id = $1
     order by c.closes_at desc, c.id desc limit $2`,
    [memberId, MEMBER_DRAWS],
  );
  return rows.map((row) => ({
    drawId: row.id,
    name: row.name,
    description: row.description,
    status: statusOf(row, now),
    closesAt: row.closes_at.toISOString(),
    entries: row.held,
    prize: row.level === null ? null : (row.prizes.prizes[row.level] ?? row.prizes.consolation)?.name ?? null,
    rewardCode: row.reward_code,
  }));
}
