import type { Sql } from '../../db/client.js';
import { sqlState, violatedConstraint } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { render, sql, SqlFragment } from '../../db/statement.js';
import { recordEvent, recordEventCte } from '../events/service.js';
import { openAccountCte } from '../ledger/earn.js';
import { MAX_PREFERENCES, type CreateMemberInput, type Member, type Note, type UpdateMemberInput } from './contract.js';
import { InvalidPhone, MemberErased, MemberExists, MemberIdentifierRequired, MemberNotFound, MemberPreferencesTooMany } from './errors.js';
import { toPage, type Page } from '../../db/page.js';

interface MemberRow {
  id: string;
  email: string | null;
  phone: string | null;
  external_id: string | null;
  name: string | null;
  birthday: string | Date | null;
  locale: string | null;
  marketing_consent: boolean;
  tags: string[];
  preferences: Record<string, string>;
  status: 'active' | 'erased';
  created_at: Date;
  updated_at: Date;
}

const MEMBER_COLUMNS = 'id, email, phone, external_id, name, birthday::text as birthday, locale, marketing_consent, tags, preferences, status, created_at, updated_at';

function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    email: row.email,
    phone: row.phone,
    externalId: row.external_id,
    name: row.name,
    birthday: row.birthday === null ? null : String(row.birthday),
    locale: row.locale,
    marketingConsent: row.marketing_consent,
    tags: row.tags,
    preferences: row.preferences,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** '+49 151 1234-5678' → '+4915112345678'; anything that is not E.164 afterwards is refused. */
export function normalizePhone(phone: string, where: 'body' | 'querystring' = 'body'): string {
  const compact = phone.replace(/[\s\-().]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(compact)) throw new InvalidPhone(where);
  return compact;
}

const UNIQUE_FIELDS: Record<string, 'email' | 'phone' | 'externalId'> = {
  members_email_unique: 'email',
  members_phone_unique: 'phone',
  members_external_id_unique: 'externalId',
};

function translateUniqueViolation(error: unknown): unknown {
  const field = sqlState(error) === '23505' ? UNIQUE_FIELDS[violatedConstraint(error) ?? ''] : undefined;
  return field ? new MemberExists(field) : error;
}

/**
 * Enrols a member and opens their points account in one statement.
 * @example await createMember(db, { email: 'ada@example.com', name: 'Ada' }, new Date())
 */
export async function createMember(db: Sql, input: CreateMemberInput, now: Date): Promise<Member> {
  const id = newId('mem');
  const phone = input.phone === undefined ? null : normalizePhone(input.phone);
  const statement = render(sql`with m as (
      insert into members (id, email, phone, external_id, name, birthday, locale, marketing_consent, tags, preferences, consent_updated_at, created_at, updated_at)
      values (${id}, ${input.email?.toLowerCase() ?? null}, ${phone}, ${input.externalId ?? null}, ${input.name ?? null},
        ${input.birthday ?? null}, ${input.locale ?? null}, ${input.marketingConsent}, ${input.tags ?? []}::text[], ${JSON.stringify(input.preferences ?? {})}::jsonb,
        ${input.marketingConsent ? now : null}, ${now}, ${now})
      returning *),
    a as (${openAccountCte(sql`m`)}),
    e as (${recordEventCte({ type: 'member.created', memberId: id, payload: { memberId: id }, occurredAt: now }, sql`m`)})
    select ${new SqlFragment([MEMBER_COLUMNS], [])} from m`);
  try {
    const [row] = await db.query<MemberRow>(statement.text, statement.params);
    return toMember(row!);
  } catch (error) {
    throw translateUniqueViolation(error);
  }
}

export async function getMember(db: Sql, memberId: string): Promise<Member> {
  const [row] = await db.query<MemberRow>(`select ${MEMBER_COLUMNS} from members where id = $1`, [memberId]);
  if (!row) throw new MemberNotFound(memberId);
  return toMember(row);
}

/** The member, locked until the transaction ends, so a change decided on what was read stays valid. */
async function lockMember(tx: Sql, memberId: string): Promise<Member> {
  const [row] = await tx.query<MemberRow>(`select ${MEMBER_COLUMNS} from members where id = $1 for update`, [memberId]);
  if (!row) throw new MemberNotFound(memberId);
  return toMember(row);
}

/** Members by id order; filters match exactly (email case-insensitively, phone after normalizing). */
export async function listMembers(
  db: Sql,
  query: { limit: number; cursor?: string | undefined; email?: string | undefined; phone?: string | undefined; externalId?: string | undefined },
): Promise<Page<Member>> {
  const rows = await db.query<MemberRow>(
    `select ${MEMBER_COLUMNS} from members
     where ($1::text is null or id > $1) and ($2::text is null or email = $2)
       and ($3::text is null or phone = $3) and ($4::text is null or external_id = $4)
     order by id limit $5`,
    [
      query.cursor ?? null,
      query.email?.toLowerCase() ?? null,
      query.phone === undefined ? null : normalizePhone(query.phone, 'querystring'),
      query.externalId ?? null,
      query.limit + 1,
    ],
  );
  return toPage(rows, query.limit, toMember);
}

const UPDATABLE: Record<keyof UpdateMemberInput, string> = {
  email: 'email',
  phone: 'phone',
  externalId: 'external_id',
  name: 'name',
  birthday: 'birthday',
  locale: 'locale',
  marketingConsent: 'marketing_consent',
  tags: 'tags',
  preferences: 'preferences',
};

/** The stored preferences with a merge patch applied: values set their key, null removes it. */
function mergePreferences(current: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  if (Object.keys(merged).length > MAX_PREFERENCES) throw new MemberPreferencesTooMany();
  return merged;
}

export async function updateMember(tx: Sql, memberId: string, input: UpdateMemberInput, now: Date): Promise<Member> {
  // Locked, so two concurrent PATCHes cannot each clear one identifier and leave none.
  const current = await lockMember(tx, memberId);
  if (current.status === 'erased') throw new MemberErased(memberId);
  const changes = Object.entries(input).filter(([, value]) => value !== undefined) as [keyof UpdateMemberInput, unknown][];
  if (changes.length === 0) return current;
  const after = { ...current, ...Object.fromEntries(changes) };
  if (after.email == null && after.phone == null && after.externalId == null) throw new MemberIdentifierRequired();
  const values = changes.map(([field, value]) => {
    if (field === 'email' && typeof value === 'string') return value.toLowerCase();
    if (field === 'phone' && typeof value === 'string') return normalizePhone(value);
    // Merged under the row lock, so two cashiers adding different preferences both keep theirs.
    if (field === 'preferences') return JSON.stringify(mergePreferences(current.preferences, value as Record<string, string | null>));
    return value;
  });
  const assignments = changes.map(([field], index) => `${UPDATABLE[field]} = $${index + 3}`);
  if (input.marketingConsent !== undefined && input.marketingConsent !== current.marketingConsent) {
    assignments.push('consent_updated_at = $2');
  }
  try {
    const [row] = await tx.query<MemberRow>(
      `update members set ${assignments.join(', ')}, updated_at = $2 where id = $1 returning ${MEMBER_COLUMNS}`,
      [memberId, now, ...values],
    );
    await recordEvent(tx, { type: 'member.updated', memberId, payload: { memberId, fields: changes.map(([f]) => f) }, occurredAt: now });
    return toMember(row!);
  } catch (error) {
    throw translateUniqueViolation(error);
  }
}

export async function addNote(db: Sql, memberId: string, input: { body: string; author: string }, now: Date): Promise<Note> {
  const id = newId('note');
  const [row] = await db.query<{ created_at: Date }>(
    `insert into member_notes (id, member_id, body, author, created_at)
     select $1, id, $3, $4, $5 from members where id = $2 and status = 'active' returning created_at`,
    [id, memberId, input.body, input.author, now],
  );
  if (!row) throw new MemberNotFound(memberId);
  return { id, memberId, body: input.body, author: input.author, createdAt: row.created_at.toISOString() };
}

/** The newest `limit` notes, without checking the member exists (the caller already has them). */
export async function latestNotes(db: Sql, memberId: string, limit: number): Promise<Note[]> {
  const rows = await db.query<{ id: string; body: string; author: string; created_at: Date }>(
    'select id, body, author, created_at from member_notes where member_id = $1 order by id desc limit $2',
    [memberId, limit],
  );
  return rows.map((r) => ({ id: r.id, memberId, body: r.body, author: r.author, createdAt: r.created_at.toISOString() }));
}

/** Newest first: what staff should see at the till. */
export async function listNotes(db: Sql, memberId: string): Promise<Note[]> {
  await getMember(db, memberId);
  return latestNotes(db, memberId, 200);
}

/**
 * GDPR erasure: scrubs every personal field and the notes, keeps the ledger and orders under the
 * now-pseudonymous member id so the merchant's books still add up. Erasing twice is a no-op.
 */
export async function eraseMember(tx: Sql, memberId: string, now: Date): Promise<Member> {
  const current = await lockMember(tx, memberId);
  // Erasing is idempotent: a second request changes nothing and records nothing.
  if (current.status === 'erased') return current;
  const [row] = await tx.query<MemberRow>(
    `update members set email = null, phone = null, external_id = null, name = null, birthday = null, locale = null,
       marketing_consent = false, tags = '{}', preferences = '{}', consent_updated_at = $2, status = 'erased', erased_at = $2, updated_at = $2
     where id = $1 returning ${MEMBER_COLUMNS}`,
    [memberId, now],
  );
  await tx.query('delete from member_notes where member_id = $1', [memberId]);
  // Stored answers to member requests (create, update, notes) repeat the personal data they carried.
  await tx.query(
    `delete from idempotency_keys where path like '/v1/members%' and strpos(response_body::text, $1) > 0`,
    [`"${memberId}"`],
  );
  await recordEvent(tx, { type: 'member.erased', memberId, payload: { memberId }, occurredAt: now });
  return toMember(row!);
}
