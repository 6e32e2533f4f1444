import type { Sql } from '../../db/client.js';
import type { FollowUp, UpdateFollowUpInput } from './contract.js';
import { FollowUpNotFound } from './errors.js';
import { toPage, type Page } from '../../db/page.js';

interface FollowUpRow {
  id: string;
  response_id: string;
  member_id: string;
  reason: FollowUp['reason'];
  status: FollowUp['status'];
  assignee: string | null;
  due_at: Date;
  outcome: string | null;
  comment: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

function toFollowUp(row: FollowUpRow): FollowUp {
  return {
    id: row.id,
    responseId: row.response_id,
    memberId: row.member_id,
    reason: row.reason,
    status: row.status,
    assignee: row.assignee,
    dueAt: row.due_at.toISOString(),
    outcome: row.outcome,
    comment: row.comment,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

const COLUMNS = `f.*, (select r.comment from feedback_responses r where r.id = f.response_id) as comment`;

export interface FollowUpFilter {
  limit: number;
  cursor?: string | undefined;
  status?: FollowUp['status'] | undefined;
  assignee?: string | undefined;
  overdue?: boolean | undefined;
  memberId?: string | undefined;
}

/** Soonest due first, so the team works down the list; the cursor is the last item's id. */
export async function listFollowUps(db: Sql, filter: FollowUpFilter, now: Date): Promise<Page<FollowUp>> {
  const rows = await db.query<FollowUpRow>(
    `select ${COLUMNS} from feedback_follow_ups f
     where ($1::text is null or f.status = $1) and ($2::text is null or f.assignee = $2)
       and ($3::boolean is not true or (f.status <> 'done' and f.due_at < $4))
       and ($5::text is null or (f.due_at, f.id) > (select due_at, id from feedback_follow_ups where id = $5))
       and ($7::text is null or f.member_id = $7)
     order by f.due_at, f.id limit $6`,
    [filter.status ?? null, filter.assignee ?? null, filter.overdue ?? null, now, filter.cursor ?? null, filter.limit + 1, filter.memberId ?? null],
  );
  return toPage(rows, filter.limit, toFollowUp);
}

export async function updateFollowUp(tx: Sql, id: string, input: UpdateFollowUpInput, now: Date): Promise<FollowUp> {
  const [row] = await tx.query<FollowUpRow>(
    `update feedback_follow_ups f set
       status = coalesce($2, status),
       assignee = case when $3::boolean then $4 else assignee end,
       due_at = coalesce($5, due_at),
       outcome = case when $6::boolean then $7 else outcome end,
       closed_at = case when coalesce($2, status) = 'done' then coalesce(closed_at, $8) else null end,
       updated_at = $8
     where id = $1 returning ${COLUMNS}`,
    [id, input.status ?? null, 'assignee' in input, input.assignee ?? null, input.dueAt ?? null, 'outcome' in input, input.outcome ?? null, now],
  );
  if (!row) throw new FollowUpNotFound(id);
  return toFollowUp(row);
}

/** Follow-ups for the member not yet done: staff at the till should know a complaint is still open. */
export async function openFollowUpCount(db: Sql, memberId: string): Promise<number> {
  const [row] = await db.query<{ count: number }>(`select count(*)::int as count from feedback_follow_ups where member_id = $1 and status <> 'done'`, [memberId]);
  return row!.count;
}
