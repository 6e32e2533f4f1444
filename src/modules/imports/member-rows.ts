// One row of a member import, checked with the same schema as POST /v1/members. Pure.
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../../db/text.js';
import { createMemberBody, type CreateMemberInput } from '../members/contract.js';
import { InvalidPhone } from '../members/errors.js';
import { normalizePhone } from '../members/service.js';
import { fieldsByColumn, type ColumnIndex } from './columns.js';
import { describeIssues } from './rows.js';

export const MEMBER_COLUMNS = ['external_id', 'email', 'phone', 'name', 'birthday', 'locale', 'marketing_consent'] as const;
export type MemberColumn = (typeof MEMBER_COLUMNS)[number];
/** Orders name their member by external_id, and a re-run recognises members by it. */
export const REQUIRED_MEMBER_COLUMNS: readonly MemberColumn[] = ['external_id'];

const CONSENT: Record<string, boolean> = { '': false, true: true, false: false, yes: true, no: false, '1': true, '0': false };

/** The API's field names back to the CSV's, so a reason names the column the user sees. */
const COLUMN_OF: Record<string, MemberColumn> = {
  externalId: 'external_id',
  email: 'email',
  phone: 'phone',
  name: 'name',
  birthday: 'birthday',
  locale: 'locale',
  marketingConsent: 'marketing_consent',
};

export type ImportMember = CreateMemberInput & { externalId: string };

/**
 * The member the row describes (email lower-cased, phone in E.164), or the reason it cannot be imported.
 * @example readMemberRow(['crm-1', 'ADA@example.com', '+43 664 1234567', 'Ada', '', 'en', 'yes'], index, 7)
 *   // { member: { externalId: 'crm-1', email: 'ada@example.com', phone: '+436641234567', name: 'Ada', locale: 'en', marketingConsent: true } }
 */
export function readMemberRow(fields: readonly string[], index: ColumnIndex<MemberColumn>, width: number): { member: ImportMember } | { reason: string } {
  if (fields.length !== width) return { reason: `has ${fields.length} fields; the header has ${width}` };
  const raw = fieldsByColumn(fields, index, MEMBER_COLUMNS);
  const unstorable = MEMBER_COLUMNS.find((column) => !isStorableText(raw[column]));
  if (unstorable) return { reason: `${unstorable}: ${UNSTORABLE_TEXT_MESSAGE}` };
  const consent = CONSENT[raw.marketing_consent.trim().toLowerCase()];
  if (consent === undefined) return { reason: 'marketing_consent: must be true or false (or yes/no, 1/0, empty for false)' };
  const parsed = createMemberBody.safeParse({
    externalId: raw.external_id,
    email: raw.email || undefined,
    phone: raw.phone || undefined,
    name: raw.name || undefined,
    birthday: raw.birthday || undefined,
    locale: raw.locale || undefined,
    marketingConsent: consent,
  });
  if (!parsed.success) {
    return { reason: describeIssues(parsed.error.issues.map((issue) => ({ ...issue, path: [COLUMN_OF[String(issue.path[0])] ?? String(issue.path[0])] }))) };
  }
  const member = parsed.data as ImportMember;
  try {
    return { member: { ...member, email: member.email?.toLowerCase(), phone: member.phone === undefined ? undefined : normalizePhone(member.phone) } };
  } catch (error) {
    if (error instanceof InvalidPhone) return { reason: `phone: ${error.message}` };
    throw error;
  }
}
