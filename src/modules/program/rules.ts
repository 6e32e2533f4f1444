import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import type { Rule, RuleDefinition } from './contract.js';
import { RuleNotFound, RuleRetired } from './errors.js';
import type { RuleVersion } from './evaluate.js';

interface RuleRow {
  id: string;
  version: number;
  status: 'active' | 'retired';
  definition: RuleDefinition;
  created_at: Date;
}

function toRule(row: RuleRow): Rule {
  return { id: row.id, version: row.version, status: row.status, createdAt: row.created_at.toISOString(), definition: row.definition };
}

export async function createRule(tx: Sql, definition: RuleDefinition, now: Date): Promise<Rule> {
  const [row] = await tx.query<RuleRow>(
    `insert into program_rules (id, version, status, definition, created_at) values ($1, 1, 'active', $2, $3) returning *`,
    [newId('rul'), JSON.stringify(definition), now],
  );
  return toRule(row!);
}

/** A change is a new version; the previous one is retired in the same transaction, never edited. */
export async function reviseRule(tx: Sql, ruleId: string, definition: RuleDefinition, now: Date): Promise<Rule> {
  const [current] = await tx.query<RuleRow>('select * from program_rules where id = $1 order by version desc limit 1 for update', [ruleId]);
  if (!current) throw new RuleNotFound(ruleId);
  if (current.status === 'retired') throw new RuleRetired(ruleId);
  await tx.query(`update program_rules set status = 'retired', retired_at = $3 where id = $1 and version = $2`, [ruleId, current.version, now]);
  const [row] = await tx.query<RuleRow>(
    `insert into program_rules (id, version, status, definition, created_at) values ($1, $2, 'active', $3, $4) returning *`,
    [ruleId, current.version + 1, JSON.stringify(definition), now],
  );
  return toRule(row!);
}

export async function retireRule(tx: Sql, ruleId: string, now: Date): Promise<Rule> {
  const [row] = await tx.query<RuleRow>(
    `update program_rules set status = 'retired', retired_at = $2
     where id = $1 and version = (select max(version) from program_rules where id = $1) returning *`,
    [ruleId, now],
  );
  if (!row) throw new RuleNotFound(ruleId);
  return toRule(row);
}

/** Every version of a rule, newest first. */
export async function getRuleVersions(db: Sql, ruleId: string): Promise<Rule[]> {
  const rows = await db.query<RuleRow>('select * from program_rules where id = $1 order by version desc', [ruleId]);
  if (rows.length === 0) throw new RuleNotFound(ruleId);
  return rows.map(toRule);
}

/** The latest version of each rule, active ones first. */
export async function listRules(db: Sql, status?: 'active' | 'retired'): Promise<Rule[]> {
  const rows = await db.query<RuleRow>(
    `select distinct on (id) * from program_rules order by id, version desc`,
  );
  return rows.map(toRule).filter((r) => !status || r.status === status).sort((a, b) => (a.status === b.status ? (a.id < b.id ? -1 : 1) : a.status === 'active' ? -1 : 1));
}

export async function activeRuleVersions(db: Sql): Promise<RuleVersion[]> {
  const rows = await db.query<RuleRow>(`select * from program_rules where status = 'active'`);
  return rows.map((row) => ({ ruleId: row.id, version: row.version, definition: row.definition }));
}
