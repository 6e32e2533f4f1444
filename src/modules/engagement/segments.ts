// Saved segments: CRUD, their members (paged, counted, exported) and the id list other modules target.
import type { Config } from '../../config.js';
import { sqlState, type Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { toPage } from '../../db/page.js';
import { render, sql, type SqlFragment } from '../../db/statement.js';
import { compileSegment } from './compile.js';
import type { Segment, SegmentInput, SegmentMember } from './contract.js';
import { SegmentInUse, SegmentNotFound } from './errors.js';
import type { SegmentFilter } from './filter.js';

interface SegmentRow {
  id: string;
  name: string;
  filter: SegmentFilter;
  created_at: Date;
  updated_at: Date;
}

const toSegment = (row: SegmentRow): Segment => ({
  id: row.id,
  name: row.name,
  filter: row.filter,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function createSegment(db: Sql, input: SegmentInput, now: Date): Promise<Segment> {
  const [row] = await db.query<SegmentRow>(
    'insert into segments (id, name, filter, created_at, updated_at) values ($1, $2, $3, $4, $4) returning *',
    [newId('seg'), input.name, input.filter, now],
  );
  return toSegment(row!);
}

export async function listSegments(db: Sql): Promise<Segment[]> {
  return (await db.query<SegmentRow>('select * from segments order by id limit 1000')).map(toSegment);
}

export async function getSegment(db: Sql, segmentId: string): Promise<Segment> {
  const [row] = await db.query<SegmentRow>('select * from segments where id = $1', [segmentId]);
  if (!row) throw new SegmentNotFound(segmentId);
  return toSegment(row);
}

export async function replaceSegment(db: Sql, segmentId: string, input: SegmentInput, now: Date): Promise<Segment> {
  const [row] = await db.query<SegmentRow>('update segments set name = $2, filter = $3, updated_at = $4 where id = $1 returning *', [
    segmentId,
    input.name,
    input.filter,
    now,
  ]);
  if (!row) throw new SegmentNotFound(segmentId);
  return toSegment(row);
}

export async function deleteSegment(db: Sql, segmentId: string): Promise<void> {
  try {
    const rows = await db.query('delete from segments where id = $1 returning id', [segmentId]);
    if (rows.length === 0) throw new SegmentNotFound(segmentId);
  } catch (error) {
    // The foreign key from cadence_rules says the segment is still in use.
    if (sqlState(error) === '23503') throw new SegmentInUse(segmentId);
    throw error;
  }
}

async function filterOf(db: Sql, target: string | SegmentFilter): Promise<SegmentFilter> {
  return typeof target === 'string' ? (await getSegment(db, target)).filter : target;
}

const compileFor = (config: Config, filter: SegmentFilter, now: Date) => compileSegment(filter, { now, currency: config.program.currencies[0]! });

/**
 * `select m.id as member_id …`: the statement selecting a segment's (by id) or a filter's members now,
 * for a module to use inside its own set-based statement (journey enrolment).
 * @example sql`insert into … select seg.member_id from (${await segmentSql(db, config, 'seg_01jd…', now)}) seg`
 */
export async function segmentSql(db: Sql, config: Config, target: string | SegmentFilter, now: Date): Promise<SqlFragment> {
  return compileFor(config, await filterOf(db, target), now);
}

/**
 * Ids of the members a segment (by id) or a filter selects now, in id order: for survey campaigns.
 * @example await segmentMemberIds(db, config, 'seg_01jd…', new Date())
 */
export async function segmentMemberIds(db: Sql, config: Config, target: string | SegmentFilter, now: Date): Promise<string[]> {
  const statement = render(sql`select member_id from (${await segmentSql(db, config, target, now)}) seg order by member_id`);
  return (await db.query<{ member_id: string }>(statement.text, statement.params)).map((row) => row.member_id);
}

interface MemberRow {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  marketing_consent: boolean;
}

const toSegmentMember = (row: MemberRow): SegmentMember => ({
  id: row.id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  marketingConsent: row.marketing_consent,
});

/** Keyset batch of a filter's members after `cursor`, with contact details. */
async function memberBatch(db: Sql, config: Config, filter: SegmentFilter, now: Date, cursor: string | null, size: number): Promise<MemberRow[]> {
  const statement = render(sql`select m.id, m.name, m.email, m.phone, m.marketing_consent
    from (${compileFor(config, filter, now)}) seg join members m on m.id = seg.member_id
    where ${cursor}::text is null or m.id > ${cursor}::text order by m.id limit ${size}::int`);
  return db.query<MemberRow>(statement.text, statement.params);
}

/** A page of the segment's members by id, with how many it holds in all (two statements, run side by side). */
export async function segmentMembers(db: Sql, config: Config, segmentId: string, query: { limit: number; cursor?: string | undefined }, now: Date) {
  const filter = await filterOf(db, segmentId);
  const counting = render(sql`select count(*)::int as count from (${compileFor(config, filter, now)}) seg`);
  const [rows, [total]] = await Promise.all([
    memberBatch(db, config, filter, now, query.cursor ?? null, query.limit + 1),
    db.query<{ count: number }>(counting.text, counting.params),
  ]);
  return { ...toPage(rows, query.limit, toSegmentMember), count: total!.count };
}

const EXPORT_BATCH = 1000;

/** Every member of the segment, batch by batch, so an export of a million holds one batch in memory. */
export async function* exportSegmentMembers(db: Sql, config: Config, segmentId: string, now: Date): AsyncGenerator<SegmentMember> {
  const filter = await filterOf(db, segmentId);
  for (let cursor: string | null = null; ; ) {
    const rows = await memberBatch(db, config, filter, now, cursor, EXPORT_BATCH);
    yield* rows.map(toSegmentMember);
    if (rows.length < EXPORT_BATCH) return;
    cursor = rows.at(-1)!.id;
  }
}
