// Cadence rules: who should hear from us, as data an administrator edits.
import { sqlState, type Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import type { CadenceRule, CadenceRuleInput, RuleSource } from './contract.js';
import { CadenceRuleNotFound, RuleSegmentUnknown } from './errors.js';

interface RuleRow {
  id: string;
  name: string;
  source: RuleSource;
  not_contacted_days: number;
  priority: number;
  assignee: string | null;
  created_at: Date;
  updated_at: Date;
}

const toRule = (row: RuleRow): CadenceRule => ({
  id: row.id,
  name: row.name,
  source: row.source,
  notContactedDays: row.not_contacted_days,
  priority: row.priority,
  assignee: row.assignee,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const segmentOf = (source: RuleSource) => (source.type === 'segment' ? source.segmentId : null);

/** A missing segment surfaces as the foreign key refusing the row: no read-then-write. */
async function writingRule(input: CadenceRuleInput, write: () => Promise<RuleRow[]>): Promise<RuleRow[]> {
  try {
    return await write();
  } catch (error) {
    if (sqlState(error) === '23503' && input.source.type === 'segment') throw new RuleSegmentUnknown(input.source.segmentId);
    throw error;
  }
}

export async function createCadenceRule(db: Sql, input: CadenceRuleInput, now: Date): Promise<CadenceRule> {
  const [row] = await writingRule(input, () =>
    db.query<RuleRow>(
      `insert into cadence_rules (id, name, source, segment_id, not_contacted_days, priority, assignee, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $8) returning *`,
      [newId('cad'), input.name, input.source, segmentOf(input.source), input.notContactedDays, input.priority, input.assignee, now],
    ),
  );
  return toRule(row!);
}

/** Highest priority first (1 before 2), then oldest: the order the call list applies them in. */
export async function listCadenceRules(db: Sql, staffId?: string): Promise<CadenceRule[]> {
  const rows = await db.query<RuleRow>(
    `select * from cadence_rules where $1::text is null or assignee is null or assignee = $1 order by priority, id limit 1000`,
    [staffId ?? null],
  );
  return rows.map(toRule);
}

export async function getCadenceRule(db: Sql, ruleId: string): Promise<CadenceRule> {
  const [row] = await db.query<RuleRow>('select * from cadence_rules where id = $1', [ruleId]);
  if (!row) throw new CadenceRuleNotFound(ruleId);
  return toRule(row);
}

export async function replaceCadenceRule(db: Sql, ruleId: string, input: CadenceRuleInput, now: Date): Promise<CadenceRule> {
  const [row] = await writingRule(input, () =>
    db.query<RuleRow>(
      `update cadence_rules set name = $2, source = $3, segment_id = $4, not_contacted_days = $5, priority = $6, assignee = $7, updated_at = $8
       where id = $1 returning *`,
      [ruleId, input.name, input.source, segmentOf(input.source), input.notContactedDays, input.priority, input.assignee, now],
    ),
  );
  if (!row) throw new CadenceRuleNotFound(ruleId);
  return toRule(row);
}

export async function deleteCadenceRule(db: Sql, ruleId: string): Promise<void> {
  const rows = await db.query('delete from cadence_rules where id = $1 returning id', [ruleId]);
  if (rows.length === 0) throw new CadenceRuleNotFound(ruleId);
}
