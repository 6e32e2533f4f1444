// Table-driven: each bad request gets its documented 4xx as problem+json with a stable code, and the
// whole table together writes nothing (no half-written order, refund or ledger entry).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import type { Role } from '../src/modules/auth/roles.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

/** Ids and values the rows refer to, created in beforeAll. */
interface Fixture {
  memberId: string;
  erasedMemberId: string;
  takenEmail: string;
  orderId: string;
  orderExternalId: string;
  /** Available points of memberId when the table runs. */
  available: number;
  /** A consenting member whose order the survey asked about 42 days ago (the quiet period has passed). */
  askedMemberId: string;
  askedOrderId: string;
  surveyId: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Value<T> = T | ((f: Fixture) => T);

interface Row {
  name: string;
  method: Method;
  url: Value<string>;
  /** A JSON body, or `raw` for bytes sent as they are with their own content type. */
  body?: Record<string, unknown> | unknown[] | ((f: Fixture) => unknown);
  raw?: { payload: string; contentType: string };
  headers?: Record<string, string>;
  role?: Role;
  status: number;
  code: string;
}

const UNKNOWN_MEMBER = 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t';
const UNKNOWN_ORDER = 'ord_01jd3x8k2q9v7c4m5n6p7r8s9t';
const UNKNOWN_ENTRY = 'txn_01jd3x8k2q9v7c4m5n6p7r8s9t';
const TOO_BIG = Number.MAX_SAFE_INTEGER + 2;
const REUSED_ADJUSTMENT_KEY = 'bad-input-adjustment-1';
const REUSED_ORDER_KEY = 'bad-input-order-1';

const member = (path = '') => (f: Fixture) => `/v1/members/${f.memberId}${path}`;
const order = (path = '') => (f: Fixture) => `/v1/orders/${f.orderId}${path}`;
/** A valid order for the fixture member with `change` applied on top. */
const orderWith =
  (change: (body: ReturnType<typeof orderBody>) => unknown) =>
  (f: Fixture) =>
    change(orderBody(f.memberId, [{ unitPrice: 1250, quantity: 2 }, { unitPrice: 999 }]));
/** The same, with the first line changed. */
const lineWith = (line: Record<string, unknown>) =>
  orderWith((body) => ({ ...body, lines: [{ ...body.lines[0], ...line }, body.lines[1]] }));

const ROWS: Row[] = [
  // Members: types, required fields, ids.
  { name: 'member search: phone not E.164', method: 'GET', url: '/v1/members?phone=abc', status: 422, code: 'phone_invalid' },
  { name: 'member: email is a number', method: 'POST', url: '/v1/members', body: { email: 42 }, status: 400, code: 'validation_failed' },
  { name: 'member: no email, phone or externalId', method: 'POST', url: '/v1/members', body: { name: 'Nobody' }, status: 400, code: 'validation_failed' },
  { name: 'member: unknown field', method: 'POST', url: '/v1/members', body: { email: 'x@example.com', nickname: 'x' }, status: 400, code: 'validation_failed' },
  { name: 'member: email not an address', method: 'POST', url: '/v1/members', body: { email: 'not-an-email' }, status: 400, code: 'validation_failed' },
  { name: 'member: marketingConsent is a string', method: 'POST', url: '/v1/members', body: { email: 'y@example.com', marketingConsent: 'yes' }, status: 400, code: 'validation_failed' },
  { name: 'member: birthday not a date', method: 'POST', url: '/v1/members', body: { email: 'z@example.com', birthday: '1990-02-30' }, status: 400, code: 'validation_failed' },
  { name: 'member: phone not E.164', method: 'POST', url: '/v1/members', body: { phone: 'call me maybe' }, status: 422, code: 'phone_invalid' },
  { name: 'member: email already taken', method: 'POST', url: '/v1/members', body: (f) => ({ email: f.takenEmail }), status: 409, code: 'member_exists' },
  { name: 'member: body is an array', method: 'POST', url: '/v1/members', body: [{ email: 'a@example.com' }], status: 400, code: 'validation_failed' },
  { name: 'member: unknown id (well-formed)', method: 'GET', url: `/v1/members/${UNKNOWN_MEMBER}`, status: 404, code: 'member_not_found' },
  { name: 'member: malformed id', method: 'GET', url: '/v1/members/12345', status: 400, code: 'validation_failed' },
  { name: 'member: id of another kind', method: 'GET', url: `/v1/members/${UNKNOWN_ORDER}`, status: 400, code: 'validation_failed' },
  { name: 'member: PATCH unknown id', method: 'PATCH', url: `/v1/members/${UNKNOWN_MEMBER}`, body: { name: 'X' }, status: 404, code: 'member_not_found' },
  { name: 'member: PATCH erased member', method: 'PATCH', url: (f) => `/v1/members/${f.erasedMemberId}`, body: { name: 'Back' }, status: 422, code: 'member_erased' },
  { name: 'member: PATCH email is a number', method: 'PATCH', url: member(), body: { email: 7 }, status: 400, code: 'validation_failed' },
  { name: 'member: PATCH email taken', method: 'PATCH', url: member(), body: (f) => ({ email: f.takenEmail }), status: 409, code: 'member_exists' },
  { name: 'member: note for unknown member', method: 'POST', url: `/v1/members/${UNKNOWN_MEMBER}/notes`, body: { body: 'hi' }, status: 404, code: 'member_not_found' },
  { name: 'member: blank note', method: 'POST', url: member('/notes'), body: { body: '   ' }, status: 400, code: 'validation_failed' },
  { name: 'member: balance of unknown member', method: 'GET', url: `/v1/members/${UNKNOWN_MEMBER}/balance`, status: 404, code: 'member_not_found' },
  { name: 'member: ledger of unknown member', method: 'GET', url: `/v1/members/${UNKNOWN_MEMBER}/ledger`, status: 404, code: 'member_not_found' },
  { name: 'member: export of unknown member', method: 'GET', url: `/v1/members/${UNKNOWN_MEMBER}/export`, status: 404, code: 'member_not_found' },
  { name: 'member: erase unknown member', method: 'POST', url: `/v1/members/${UNKNOWN_MEMBER}/erase`, status: 404, code: 'member_not_found' },

  // Orders.
  { name: 'order: quantity is a string', method: 'POST', url: '/v1/orders', body: lineWith({ quantity: '2' }), status: 400, code: 'validation_failed' },
  { name: 'order: unitPrice is a string', method: 'POST', url: '/v1/orders', body: lineWith({ unitPrice: '12.50' }), status: 400, code: 'validation_failed' },
  { name: 'order: missing lines', method: 'POST', url: '/v1/orders', body: orderWith(({ lines: _lines, ...rest }) => rest), status: 400, code: 'validation_failed' },
  { name: 'order: empty lines', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, lines: [] })), status: 400, code: 'validation_failed' },
  { name: 'order: missing memberId', method: 'POST', url: '/v1/orders', body: orderWith(({ memberId: _memberId, ...rest }) => rest), status: 400, code: 'validation_failed' },
  { name: 'order: missing occurredAt', method: 'POST', url: '/v1/orders', body: orderWith(({ occurredAt: _occurredAt, ...rest }) => rest), status: 400, code: 'validation_failed' },
  { name: 'order: line without sku', method: 'POST', url: '/v1/orders', body: lineWith({ sku: undefined }), status: 400, code: 'validation_failed' },
  { name: 'order: unknown member (well-formed id)', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, memberId: UNKNOWN_MEMBER })), status: 404, code: 'member_not_found' },
  { name: 'order: malformed member id', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, memberId: 'member-1' })), status: 400, code: 'validation_failed' },
  { name: 'order: erased member', method: 'POST', url: '/v1/orders', body: (f) => orderBody(f.erasedMemberId, [{ unitPrice: 1000 }]), status: 404, code: 'member_not_found' },
  { name: 'order: currency lower case', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, currency: 'eur' })), status: 400, code: 'validation_failed' },
  { name: 'order: currency four letters', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, currency: 'EURO' })), status: 400, code: 'validation_failed' },
  { name: 'order: currency is not ISO 4217', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, currency: 'XXX' })), status: 400, code: 'currency_invalid' },
  { name: 'order: currency not supported', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, currency: 'JPY' })), status: 422, code: 'currency_not_supported' },
  { name: 'order: line currency differs', method: 'POST', url: '/v1/orders', body: lineWith({ currency: 'USD' }), status: 400, code: 'invalid_order_lines' },
  { name: 'order: duplicate line ids', method: 'POST', url: '/v1/orders', body: lineWith({ lineId: 'l2' }), status: 400, code: 'duplicate_line_id' },
  { name: 'order: zero quantity', method: 'POST', url: '/v1/orders', body: lineWith({ quantity: 0 }), status: 400, code: 'validation_failed' },
  { name: 'order: negative quantity', method: 'POST', url: '/v1/orders', body: lineWith({ quantity: -1 }), status: 400, code: 'validation_failed' },
  { name: 'order: fractional quantity', method: 'POST', url: '/v1/orders', body: lineWith({ quantity: 1.5 }), status: 400, code: 'validation_failed' },
  { name: 'order: negative unitPrice', method: 'POST', url: '/v1/orders', body: lineWith({ unitPrice: -100 }), status: 400, code: 'validation_failed' },
  { name: 'order: fractional unitPrice', method: 'POST', url: '/v1/orders', body: lineWith({ unitPrice: 12.5 }), status: 400, code: 'validation_failed' },
  { name: 'order: unitPrice above the limit', method: 'POST', url: '/v1/orders', body: lineWith({ unitPrice: 1e20 }), status: 400, code: 'validation_failed' },
  { name: 'order: discount above the line amount', method: 'POST', url: '/v1/orders', body: lineWith({ discount: 999_999 }), status: 400, code: 'invalid_order_lines' },
  {
    name: 'order: total too large to record exactly',
    method: 'POST',
    url: '/v1/orders',
    // Ten lines at the largest price and quantity: 10^16 minor units, past 2^53.
    body: (f) => orderBody(f.memberId, Array.from({ length: 10 }, () => ({ unitPrice: 100_000_000_000, quantity: 10_000 }))),
    status: 422,
    code: 'amount_too_large',
  },
  { name: 'order: occurredAt in the future', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, occurredAt: '2026-06-01T12:10:00Z' })), status: 422, code: 'occurred_in_future' },
  { name: 'order: occurredAt years ahead', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, occurredAt: '2030-01-01T00:00:00Z' })), status: 422, code: 'occurred_in_future' },
  { name: 'order: occurredAt not a timestamp', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, occurredAt: 'yesterday' })), status: 400, code: 'validation_failed' },
  { name: 'order: externalId already recorded', method: 'POST', url: '/v1/orders', body: (f) => ({ ...orderBody(f.memberId, [{ unitPrice: 100 }]), externalId: f.orderExternalId }), status: 409, code: 'order_already_recorded' },
  { name: 'order: unknown channel', method: 'POST', url: '/v1/orders', body: orderWith((body) => ({ ...body, channel: 'carrier pigeon' })), status: 400, code: 'validation_failed' },
  { name: 'order: unknown id (well-formed)', method: 'GET', url: `/v1/orders/${UNKNOWN_ORDER}`, status: 404, code: 'order_not_found' },
  { name: 'order: malformed id', method: 'GET', url: '/v1/orders/42', status: 400, code: 'validation_failed' },

  // Refunds.
  { name: 'refund: more than bought', method: 'POST', url: order('/refunds'), body: { lines: [{ lineId: 'l1', quantity: 3 }] }, status: 422, code: 'refund_exceeds_order' },
  { name: 'refund: unknown line', method: 'POST', url: order('/refunds'), body: { lines: [{ lineId: 'nope', quantity: 1 }] }, status: 422, code: 'refund_exceeds_order' },
  { name: 'refund: one good line and one too many', method: 'POST', url: order('/refunds'), body: { lines: [{ lineId: 'l1', quantity: 1 }, { lineId: 'l2', quantity: 2 }] }, status: 422, code: 'refund_exceeds_order' },
  { name: 'refund: same line twice', method: 'POST', url: order('/refunds'), body: { lines: [{ lineId: 'l1', quantity: 1 }, { lineId: 'l1', quantity: 1 }] }, status: 400, code: 'duplicate_line_id' },
  { name: 'refund: unknown order', method: 'POST', url: `/v1/orders/${UNKNOWN_ORDER}/refunds`, body: { lines: [{ lineId: 'l1', quantity: 1 }] }, status: 404, code: 'order_not_found' },
  { name: 'refund: malformed order id', method: 'POST', url: '/v1/orders/ord_nope/refunds', body: { lines: [{ lineId: 'l1', quantity: 1 }] }, status: 400, code: 'validation_failed' },
  { name: 'refund: zero quantity', method: 'POST', url: order('/refunds'), body: { lines: [{ lineId: 'l1', quantity: 0 }] }, status: 400, code: 'validation_failed' },
  { name: 'refund: negative quantity', method: 'POST', url: order('/refunds'), body: { lines: [{ lineId: 'l1', quantity: -1 }] }, status: 400, code: 'validation_failed' },
  { name: 'refund: no lines', method: 'POST', url: order('/refunds'), body: { lines: [] }, status: 400, code: 'validation_failed' },
  { name: 'refund: occurredAt in the future', method: 'POST', url: order('/refunds'), body: { lines: [{ lineId: 'l1', quantity: 1 }], occurredAt: '2027-06-01T12:00:00Z' }, status: 422, code: 'occurred_in_future' },

  // Redemptions.
  { name: 'redeem: negative points', method: 'POST', url: member('/redemptions'), body: { points: -5 }, status: 400, code: 'validation_failed' },
  { name: 'redeem: zero points', method: 'POST', url: member('/redemptions'), body: { points: 0 }, status: 400, code: 'validation_failed' },
  { name: 'redeem: fractional points', method: 'POST', url: member('/redemptions'), body: { points: 1.5 }, status: 400, code: 'validation_failed' },
  { name: 'redeem: 1e20 points', method: 'POST', url: member('/redemptions'), body: { points: 1e20 }, status: 400, code: 'validation_failed' },
  { name: 'redeem: MAX_SAFE_INTEGER + 2 points', method: 'POST', url: member('/redemptions'), body: { points: TOO_BIG }, status: 400, code: 'validation_failed' },
  { name: 'redeem: points as a string', method: 'POST', url: member('/redemptions'), body: { points: '10' }, status: 400, code: 'validation_failed' },
  { name: 'redeem: missing points', method: 'POST', url: member('/redemptions'), body: { reason: 'coffee' }, status: 400, code: 'validation_failed' },
  { name: 'redeem: more than available (pending points do not count)', method: 'POST', url: member('/redemptions'), body: (f) => ({ points: f.available + 1 }), status: 422, code: 'points_insufficient' },
  { name: 'redeem: far more than the member ever had', method: 'POST', url: member('/redemptions'), body: { points: 1_000_000_000_000 }, status: 422, code: 'points_insufficient' },
  { name: 'redeem: future occurredAt would unlock pending points', method: 'POST', url: member('/redemptions'), body: (f) => ({ points: f.available + 1, occurredAt: '2026-07-15T00:00:00Z' }), status: 422, code: 'occurred_in_future' },
  { name: 'redeem: unknown member', method: 'POST', url: `/v1/members/${UNKNOWN_MEMBER}/redemptions`, body: { points: 1 }, status: 404, code: 'member_not_found' },
  { name: 'redeem: malformed member id', method: 'POST', url: '/v1/members/mem_/redemptions', body: { points: 1 }, status: 400, code: 'validation_failed' },

  // Adjustments (admin).
  { name: 'adjust: zero points', method: 'POST', url: member('/adjustments'), body: { points: 0, reason: 'nothing' }, status: 400, code: 'validation_failed' },
  { name: 'adjust: fractional points', method: 'POST', url: member('/adjustments'), body: { points: 2.5, reason: 'half' }, status: 400, code: 'validation_failed' },
  { name: 'adjust: 1e20 points', method: 'POST', url: member('/adjustments'), body: { points: 1e20, reason: 'a lot' }, status: 400, code: 'validation_failed' },
  { name: 'adjust: MAX_SAFE_INTEGER + 2 points', method: 'POST', url: member('/adjustments'), body: { points: TOO_BIG, reason: 'a lot' }, status: 400, code: 'validation_failed' },
  { name: 'adjust: -(MAX_SAFE_INTEGER + 2) points', method: 'POST', url: member('/adjustments'), body: { points: -TOO_BIG, reason: 'a lot' }, status: 400, code: 'validation_failed' },
  { name: 'adjust: no reason', method: 'POST', url: member('/adjustments'), body: { points: 10 }, status: 400, code: 'validation_failed' },
  { name: 'adjust: blank reason', method: 'POST', url: member('/adjustments'), body: { points: 10, reason: '   ' }, status: 400, code: 'validation_failed' },
  { name: 'adjust: reason is a number', method: 'POST', url: member('/adjustments'), body: { points: 10, reason: 12345 }, status: 400, code: 'validation_failed' },
  { name: 'adjust: remove more than available', method: 'POST', url: member('/adjustments'), body: (f) => ({ points: -(f.available + 1), reason: 'too much' }), status: 422, code: 'points_insufficient' },
  { name: 'adjust: unknown member', method: 'POST', url: `/v1/members/${UNKNOWN_MEMBER}/adjustments`, body: { points: 5, reason: 'goodwill' }, status: 404, code: 'member_not_found' },

  // Reversals (admin).
  { name: 'reverse: unknown entry', method: 'POST', url: member(`/ledger/${UNKNOWN_ENTRY}/reversal`), body: { reason: 'mistake' }, status: 404, code: 'entry_not_found' },
  { name: 'reverse: malformed entry id', method: 'POST', url: member('/ledger/entry-1/reversal'), body: { reason: 'mistake' }, status: 400, code: 'validation_failed' },
  { name: 'reverse: no reason', method: 'POST', url: member(`/ledger/${UNKNOWN_ENTRY}/reversal`), body: {}, status: 400, code: 'validation_failed' },

  // API keys (admin).
  { name: 'api key: unknown role', method: 'POST', url: '/v1/api-keys', body: { name: 'x', role: 'root' }, status: 400, code: 'validation_failed' },
  { name: 'api key: revoke unknown key', method: 'DELETE', url: '/v1/api-keys/key_01jd3x8k2q9v7c4m5n6p7r8s9t', status: 404, code: 'api_key_not_found' },

  // Paging.
  { name: 'paging: ledger cursor that is no entry id', method: 'GET', url: member('/ledger?cursor=zzz'), status: 400, code: 'validation_failed' },
  { name: 'paging: ledger cursor with a NUL byte', method: 'GET', url: member('/ledger?cursor=%00abc'), status: 400, code: 'validation_failed' },
  { name: 'paging: members cursor that is no member id', method: 'GET', url: '/v1/members?cursor=not-a-cursor', status: 400, code: 'validation_failed' },
  { name: 'paging: members cursor of another kind', method: 'GET', url: `/v1/members?cursor=${UNKNOWN_ENTRY}`, status: 400, code: 'validation_failed' },
  { name: 'paging: limit zero', method: 'GET', url: '/v1/members?limit=0', status: 400, code: 'validation_failed' },
  { name: 'paging: limit not a number', method: 'GET', url: member('/ledger?limit=many'), status: 400, code: 'validation_failed' },
  { name: 'paging: limit above the maximum', method: 'GET', url: member('/ledger?limit=1000'), status: 400, code: 'validation_failed' },

  // Transport: JSON, size, media type.
  { name: 'malformed JSON', method: 'POST', url: '/v1/orders', raw: { payload: '{"memberId": "mem_', contentType: 'application/json' }, status: 400, code: 'malformed_json' },
  { name: 'JSON with a trailing comma', method: 'POST', url: member('/redemptions'), raw: { payload: '{"points": 1,}', contentType: 'application/json' }, status: 400, code: 'malformed_json' },
  // An empty JSON body counts as no body, so a route that needs one refuses it by validation.
  { name: 'empty body declared as JSON', method: 'POST', url: member('/adjustments'), raw: { payload: '', contentType: 'application/json' }, status: 400, code: 'validation_failed' },
  { name: 'text/plain body', method: 'POST', url: member('/redemptions'), raw: { payload: '{"points":1}', contentType: 'text/plain' }, status: 415, code: 'unsupported_media_type' },
  {
    name: 'body over 1 MiB',
    method: 'POST',
    url: member('/notes'),
    raw: { payload: JSON.stringify({ body: 'x'.repeat(1_100_000) }), contentType: 'application/json' },
    status: 413,
    code: 'body_too_large',
  },
  { name: 'XML body', method: 'POST', url: '/v1/members', raw: { payload: '<member/>', contentType: 'application/xml' }, status: 415, code: 'unsupported_media_type' },
  { name: 'form body', method: 'POST', url: member('/redemptions'), raw: { payload: 'points=1', contentType: 'application/x-www-form-urlencoded' }, status: 415, code: 'unsupported_media_type' },

  // Idempotency keys.
  {
    name: 'Idempotency-Key reused with a different body (transaction write)',
    method: 'POST',
    url: member('/adjustments'),
    body: { points: 2, reason: 'first use' },
    headers: { 'idempotency-key': REUSED_ADJUSTMENT_KEY },
    status: 422,
    code: 'idempotency_key_reused',
  },
  {
    name: 'Idempotency-Key reused on another route',
    method: 'POST',
    url: member('/redemptions'),
    body: { points: 1 },
    headers: { 'idempotency-key': REUSED_ADJUSTMENT_KEY },
    status: 422,
    code: 'idempotency_key_reused',
  },
  {
    name: 'Idempotency-Key reused with a different body (one-statement order)',
    method: 'POST',
    url: '/v1/orders',
    body: (f) => orderBody(f.memberId, [{ unitPrice: 777 }]),
    headers: { 'idempotency-key': REUSED_ORDER_KEY },
    status: 422,
    code: 'idempotency_key_reused',
  },
  {
    name: 'Idempotency-Key too long',
    method: 'POST',
    url: member('/redemptions'),
    body: { points: 1 },
    headers: { 'idempotency-key': 'k'.repeat(256) },
    status: 400,
    code: 'idempotency_key_invalid',
  },
  {
    name: 'Idempotency-Key with a space',
    method: 'POST',
    url: '/v1/orders',
    body: orderWith((body) => body),
    headers: { 'idempotency-key': 'two words' },
    status: 400,
    code: 'idempotency_key_invalid',
  },

  // Engagement.
  { name: 'segment with an unknown filter field', method: 'POST', url: '/v1/segments', body: { name: 'x', filter: { tier: ['gold'] } }, status: 400, code: 'validation_failed' },
  { name: 'segment with an unknown RFM segment', method: 'POST', url: '/v1/segments', body: { name: 'x', filter: { rfmSegments: ['vips'] } }, status: 400, code: 'validation_failed' },
  { name: 'members of an unknown segment', method: 'GET', url: '/v1/segments/seg_01jd3x8k2q9v7c4m5n6p7r8s9t/members', status: 404, code: 'segment_not_found' },
  { name: 'contact on an unknown channel', method: 'POST', url: member('/contacts'), body: { channel: 'pigeon', outcome: 'reached' }, status: 400, code: 'validation_failed' },
  { name: 'contact with an erased member', method: 'POST', url: (f) => `/v1/members/${f.erasedMemberId}/contacts`, body: { channel: 'call', outcome: 'reached' }, status: 404, code: 'member_not_found' },
  {
    name: 'cadence rule naming an unknown segment',
    method: 'POST',
    url: '/v1/engagement/cadence-rules',
    body: { name: 'x', source: { type: 'segment', segmentId: 'seg_01jd3x8k2q9v7c4m5n6p7r8s9t' }, priority: 1 },
    status: 422,
    code: 'segment_not_found',
  },
  { name: 'call list limit out of range', method: 'GET', url: '/v1/engagement/call-list?limit=0', status: 400, code: 'validation_failed' },
  { name: 'checkout lookup without q', method: 'GET', url: '/v1/checkout/lookup', role: 'staff', status: 400, code: 'validation_failed' },
  { name: 'checkout lookup by nonsense', method: 'GET', url: '/v1/checkout/lookup?q=hello', role: 'staff', status: 400, code: 'checkout_query_invalid' },
  { name: 'checkout lookup of an erased member', method: 'GET', url: (f) => `/v1/checkout/lookup?q=fidelis:${f.erasedMemberId}`, role: 'staff', status: 404, code: 'member_not_found' },

  // Found by test/fuzz-operations.test.ts; each was a 500 (or an HTML 4xx) before its fix.
  {
    name: 'tier ladder without tiers (the ladder check read a first tier that is not there)',
    method: 'PUT',
    url: '/v1/program/tiers',
    body: { basis: 'spend', window: { type: 'rolling', days: 30 }, graceDays: 0, tiers: [] },
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'second invitation for an order the survey already asked about (the unique index was a 500)',
    method: 'POST',
    url: '/v1/feedback/invitations',
    body: (f) => ({ surveyId: f.surveyId, memberId: f.askedMemberId, orderId: f.askedOrderId }),
    status: 409,
    code: 'order_already_invited',
  },
  { name: 'forged unsubscribe link, not from a browser', method: 'POST', url: '/u/mem_01jd3x8k2q9v7c4m5n6p7r8s9t.1781524800.forged', status: 404, code: 'unsubscribe_link_invalid' },
  // These reached the database, which refused them with a bare 400 invalid_value naming no field.
  { name: 'NUL character in a text field', method: 'PATCH', url: member(), body: { name: 'Ada\u0000' }, status: 400, code: 'validation_failed' },
  {
    name: 'unpaired surrogate in a JSON object key',
    method: 'POST',
    url: '/v1/events',
    body: (f) => ({ eventId: 'bad-key-1', memberId: f.memberId, type: 'review_written', occurredAt: '2026-05-01T10:00:00Z', properties: { ['stars\ud800']: 5 } }),
    status: 400,
    code: 'validation_failed',
  },
  { name: 'unpaired surrogate in a JSON value', method: 'PATCH', url: member(), body: { preferences: { milk: 'oat\udc00' } }, status: 400, code: 'validation_failed' },
  { name: 'NUL character in a path parameter', method: 'GET', url: '/v1/coupons/SPRING%00', status: 400, code: 'validation_failed' },
  { name: 'NUL character in a query parameter', method: 'GET', url: '/v1/engagement/call-list?staffId=a%00b', status: 400, code: 'validation_failed' },
  { name: 'reward stock beyond a 32-bit integer', method: 'POST', url: '/v1/rewards', body: { name: 'Mug', kind: 'gift', pointsCost: 1, stock: 2 ** 31 }, status: 400, code: 'validation_failed' },
  {
    name: 'coupon redemption limit beyond a 32-bit integer',
    method: 'POST',
    url: '/v1/coupons',
    body: { codes: ['BIG-LIMIT'], maxRedemptions: 2 ** 31, discount: { type: 'percent', percent: 10 } },
    status: 400,
    code: 'validation_failed',
  },
  { name: 'timestamp in year 0000', method: 'GET', url: '/v1/analytics/rfm?asOf=0000-01-01T00:00:00Z', status: 400, code: 'validation_failed' },
  { name: 'timestamp before 1900', method: 'GET', url: '/v1/analytics/rfm?asOf=1899-12-31T23:59:59Z', status: 400, code: 'validation_failed' },
  { name: 'timestamp with a UTC offset no time zone has', method: 'GET', url: '/v1/analytics/rfm?asOf=2026-01-01T00:00:00%2B23:59', status: 400, code: 'validation_failed' },
  { name: 'birthday in year 0000', method: 'PATCH', url: member(), body: { birthday: '0000-02-29' }, status: 400, code: 'validation_failed' },
  { name: 'report period starting after now (to left out)', method: 'GET', url: '/v1/analytics/overview?from=9999-12-31T23:59:59Z', status: 400, code: 'validation_failed' },

  // Routing.
  { name: 'unknown route', method: 'GET', url: '/v1/vouchers', status: 404, code: 'route_not_found' },
  { name: 'method not served', method: 'DELETE', url: member(), status: 405, code: 'method_not_allowed' },
  { name: 'method not served on a read-only path', method: 'DELETE', url: member('/balance'), status: 405, code: 'method_not_allowed' },
  { name: 'method not served on a write-only path', method: 'PUT', url: '/v1/orders', body: {}, status: 405, code: 'method_not_allowed' },
  { name: 'malformed %-escape in the path', method: 'GET', url: '/v1/members/%zz', status: 400, code: 'bad_url' },
];

/** Every table the writes above could touch; each is compared by row count and by content. */
const TABLES = [
  'members',
  'member_notes',
  'accounts',
  'orders',
  'order_lines',
  'refunds',
  'refund_lines',
  'ledger_entries',
  'entry_allocations',
  'point_lots',
  'outbox',
  'idempotency_keys',
  'api_keys',
] as const;

let t: TestApp;
let f: Fixture;
let before: Record<string, { rows: number; digest: string | null }>;

async function snapshot(): Promise<Record<string, { rows: number; digest: string | null }>> {
  const result: Record<string, { rows: number; digest: string | null }> = {};
  for (const table of TABLES) {
    const [row] = await t.db.query<{ rows: number; digest: string | null }>(
      `select count(*)::int as rows, md5(string_agg(t::text, '|' order by t::text)) as digest from ${table} t`,
    );
    result[table] = row!;
  }
  return result;
}

const resolve = <T>(value: Value<T>): T => (typeof value === 'function' ? (value as (f: Fixture) => T)(f) : value);

beforeAll(async () => {
  t = await createTestApp();
  const takenEmail = 'taken@example.com';
  await createMemberVia(t, { email: takenEmail });
  const memberId = await createMemberVia(t);
  const erasedMemberId = await createMemberVia(t);
  const erased = await call(t, 'POST', `/v1/members/${erasedMemberId}/erase`);
  expect(erased.status, JSON.stringify(erased.body)).toBe(200);

  // 38 points pending (inside the return window: 37 + 1 from the keyed order below), 250 available.
  const recorded = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 1250, quantity: 2 }, { unitPrice: 1299 }]));
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
  const granted = await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 249, reason: 'bad input seed' });
  expect(granted.status, JSON.stringify(granted.body)).toBe(201);

  // First uses of the keys the table reuses.
  const adjustment = await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 1, reason: 'first use' }, {
    headers: { 'idempotency-key': REUSED_ADJUSTMENT_KEY },
  });
  expect(adjustment.status, JSON.stringify(adjustment.body)).toBe(201);
  const keyedOrder = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 100 }]), {
    headers: { 'idempotency-key': REUSED_ORDER_KEY },
  });
  expect(keyedOrder.status, JSON.stringify(keyedOrder.body)).toBe(201);

  // An invitation about an order, 42 days before the table runs.
  const now = t.now();
  t.setNow(new Date('2026-04-20T12:00:00Z'));
  const askedMemberId = await createMemberVia(t, { marketingConsent: true });
  const askedOrder = await call(t, 'POST', '/v1/orders', orderBody(askedMemberId, [{ unitPrice: 500 }], '2026-04-20T10:00:00Z'));
  expect(askedOrder.status, JSON.stringify(askedOrder.body)).toBe(201);
  const survey = await call(t, 'POST', '/v1/feedback/surveys', { name: 'After order', questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend us?' } }], trigger: { type: 'manual' } });
  expect(survey.status, JSON.stringify(survey.body)).toBe(201);
  const asked = await call(t, 'POST', '/v1/feedback/invitations', { surveyId: survey.body.id, memberId: askedMemberId, orderId: askedOrder.body.id });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  t.setNow(now);

  const balance = await call(t, 'GET', `/v1/members/${memberId}/balance`);
  expect(balance.body).toMatchObject({ available: 250, pending: 38 });
  f = {
    memberId,
    erasedMemberId,
    takenEmail,
    orderId: recorded.body.id,
    orderExternalId: recorded.body.externalId,
    available: balance.body.available,
    askedMemberId,
    askedOrderId: askedOrder.body.id,
    surveyId: survey.body.id,
  };
  before = await snapshot();
});
afterAll(() => t?.drop());

describe('bad input', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_, row) => {
    const headers: Record<string, string> = { authorization: `Bearer ${t.keys[row.role ?? 'admin']}`, ...row.headers };
    let payload: string | object | undefined;
    if (row.raw) {
      headers['content-type'] = row.raw.contentType;
      payload = row.raw.payload;
    } else if (row.body !== undefined) {
      payload = resolve(row.body) as object;
    }
    const response = await t.app.inject({ method: row.method, url: resolve(row.url), headers, ...(payload === undefined ? {} : { payload }) });
    const context = `${row.method} ${resolve(row.url)} → ${response.statusCode} ${response.body.slice(0, 500)}`;

    expect(response.statusCode, context).toBe(row.status);
    expect(String(response.headers['content-type']), context).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(response.body);
    expect(body, context).toMatchObject({ status: row.status, code: row.code, type: expect.stringMatching(new RegExp(`/${row.code}$`)) });
    expect(typeof body.title, context).toBe('string');
    expect(body.title.length, context).toBeGreaterThan(0);
    expect(typeof body.detail, context).toBe('string');
    if (body.code === 'validation_failed') expect(body.errors?.length, `${context}: say which field`).toBeGreaterThan(0);
  });

  it('wrote nothing: every table is as it was before the table ran', async () => {
    expect(await snapshot()).toEqual(before);
    const balance = await call(t, 'GET', `/v1/members/${f.memberId}/balance`);
    expect(balance.body).toMatchObject({ available: f.available, pending: 38, debt: 0 });
  });

  it('the ledger still verifies', async () => {
    const report = await verifyLedger(t.db);
    expect(report.problems).toEqual([]);
    expect(report.discrepancies).toBe(0);
    expect(report.entries).toBeGreaterThan(0);
  });

  it('a refused write is still refused on retry with its Idempotency-Key, and still writes nothing', async () => {
    const snapshotBefore = await snapshot();
    const body = { points: f.available + 1 };
    const headers = { 'idempotency-key': 'bad-input-refusal' };
    const first = await call(t, 'POST', `/v1/members/${f.memberId}/redemptions`, body, { headers });
    const retry = await call(t, 'POST', `/v1/members/${f.memberId}/redemptions`, body, { headers });
    for (const response of [first, retry]) {
      expect(response.status, JSON.stringify(response.body)).toBe(422);
      expect(response.body.code).toBe('points_insufficient');
      expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
    }
    const after = await snapshot();
    // Only the stored refusal is new.
    expect({ ...after, idempotency_keys: null }).toEqual({ ...snapshotBefore, idempotency_keys: null });
    expect(after.idempotency_keys!.rows).toBe(snapshotBefore.idempotency_keys!.rows + 1);
  });
});

describe('a wrong method on a served path', () => {
  const send = (method: 'GET' | 'HEAD' | 'PUT' | 'DELETE', url: string, authorized = true) =>
    t.app.inject({ method, url, headers: authorized ? { authorization: `Bearer ${t.keys.admin}` } : {} });

  it('is 405 with Allow naming the methods the path serves, HEAD beside GET', async () => {
    const url = `/v1/members/${f.memberId}/balance`;
    const response = await send('DELETE', `${url}?x=1`);
    expect(response.statusCode, response.body).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
    expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      type: 'https://fidelis.dev/problems/method_not_allowed',
      title: 'Method not allowed',
      status: 405,
      code: 'method_not_allowed',
      detail: `DELETE is not allowed on ${url}; it accepts GET and HEAD.`,
      instance: `${url}?x=1`,
    });
  });

  it('lists every method of a path with several, and no OPTIONS the app does not serve', async () => {
    const orders = await send('PUT', '/v1/orders');
    expect(orders.statusCode).toBe(405);
    expect(orders.headers.allow).toBe('POST');
    const memberPath = await send('DELETE', `/v1/members/${f.memberId}`);
    expect(memberPath.headers.allow).toBe('GET, HEAD, PATCH');
    expect(memberPath.json().detail).toBe(`DELETE is not allowed on /v1/members/${f.memberId}; it accepts GET, HEAD and PATCH.`);
  });

  it('needs no API key, like the 404 of an unknown path', async () => {
    const response = await send('DELETE', `/v1/members/${f.memberId}/balance`, false);
    expect(response.statusCode, response.body).toBe(405);
    expect(response.json().code).toBe('method_not_allowed');
  });

  it('leaves an unknown path a 404 without Allow', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      const response = await send(method, '/v1/vouchers');
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json().code).toBe('route_not_found');
      expect(response.headers.allow).toBeUndefined();
    }
  });

  it('leaves the allowed methods working', async () => {
    const url = `/v1/members/${f.memberId}/balance`;
    expect((await send('GET', url)).json()).toMatchObject({ available: f.available });
    expect((await send('HEAD', url)).statusCode).toBe(200);
    expect((await send('GET', url, false)).statusCode).toBe(401);
  });

  it('behind the web app: an API path still gets 405, an app path keeps its page and its 404', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'fidelis-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
    const web = await buildApp({ config: t.config, db: t.db, webRoot, logger: false });
    try {
      // GET /v1/orders reaches the app's catch-all first, which hands API paths back to not-found.
      const apiPath = await web.inject({ method: 'GET', url: '/v1/orders' });
      expect(apiPath.statusCode, apiPath.body).toBe(405);
      expect(apiPath.headers.allow).toBe('POST');
      expect((await web.inject({ method: 'GET', url: '/wallet/rewards' })).body).toContain('<div id="root">');
      // The catch-all answers GET anywhere, yet that does not make every other path a 405.
      const appPath = await web.inject({ method: 'POST', url: '/wallet/rewards' });
      expect(appPath.statusCode, appPath.body).toBe(404);
      expect(appPath.json().code).toBe('route_not_found');
      expect(appPath.headers.allow).toBeUndefined();
      // Unsubscribe links live under /u/ like the survey links under /s/: an unknown one is the API's 404, not the app's page.
      const link = await web.inject({ method: 'GET', url: '/u/a/b' });
      expect(link.statusCode, link.body).toBe(404);
      expect(link.json().code).toBe('route_not_found');
    } finally {
      await web.close();
      rmSync(webRoot, { recursive: true, force: true });
    }
  });
});
