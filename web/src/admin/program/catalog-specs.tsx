// The program's catalog screens: tiers, rewards, coupons, draws and the referral program.
import { formatDate, formatNumber } from '../../format.ts';
import { bodyAs, type Schemas } from './api-types.ts';
import type { DocumentSpec } from './document-screen.tsx';
import type { JsonObject } from './json-path.ts';
import { send } from './problem.ts';
import type { ResourceSpec } from './resource-screen.tsx';

const amount = (minor: number | null | undefined) => (minor == null ? '—' : (minor / 100).toFixed(2));
const when = (iso: string | null | undefined) => (iso ? formatDate(iso) : '—');

export const tiersSpec: DocumentSpec<Schemas['TierLadder']> = {
  title: 'Tiers',
  intro: 'Ordered levels members qualify for by spend, points or visits over a window. Upgrades happen at once; downgrades at review after the grace days.',
  load: async (client) => {
    const result = await client.GET('/v1/program/tiers');
    return result.response.status === 404 ? null : send(Promise.resolve(result));
  },
  summary: (ladder) => (
    // Five columns are wider than a phone: the table scrolls in its box, not the page.
    <div className="table-scroll">
      <table className="ledger">
        <caption>
          Qualifying on {ladder.basis} over {ladder.window.type === 'rolling' ? `${ladder.window.days} days` : 'the calendar year'}, {ladder.graceDays} grace days
        </caption>
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">Id</th>
            <th scope="col" className="number">From</th>
            <th scope="col" className="number">Earn ×</th>
            <th scope="col" className="number">Discount %</th>
          </tr>
        </thead>
        <tbody>
          {ladder.tiers.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>
                <code>{t.id}</code>
              </td>
              <td className="number">{formatNumber(t.threshold)}</td>
              <td className="number">{t.benefits.earnMultiplier}</td>
              <td className="number">{t.benefits.discountPercent}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ),
  fields: [
    { path: ['basis'], label: 'Qualify on', kind: 'select', options: ['spend', 'points', 'visits'], hint: 'Spend thresholds are in minor units (cents).' },
    { path: ['window', 'type'], label: 'Window', kind: 'select', options: ['rolling', 'calendar_year'] },
    { path: ['window', 'days'], label: 'Rolling window (days)', kind: 'number', hint: 'Only for a rolling window; 30 to 1095.' },
    { path: ['graceDays'], label: 'Grace before a downgrade (days)', kind: 'number' },
  ],
  template: {
    basis: 'spend',
    window: { type: 'rolling', days: 365 },
    graceDays: 30,
    tiers: [
      { id: 'member', name: 'Member', threshold: 0 },
      { id: 'silver', name: 'Silver', threshold: 50000, benefits: { earnMultiplier: 1.25 } },
      { id: 'gold', name: 'Gold', threshold: 150000, benefits: { earnMultiplier: 1.5, discountPercent: 5, earlyAccess: true } },
    ],
  },
  save: (client, body, key) => send(client.PUT('/v1/program/tiers', { headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
};

export const referralsSpec: DocumentSpec<Schemas['ReferralProgram']> = {
  title: 'Referrals',
  intro: 'When a referred new member makes a first qualifying purchase, both get points. Self-referrals are blocked.',
  load: async (client) => {
    const result = await client.GET('/v1/program/referrals');
    return result.response.status === 404 ? null : send(Promise.resolve(result));
  },
  summary: (p) => (
    <dl className="facts card">
      <dt>Status</dt>
      <dd>{p.enabled ? 'On' : 'Off'}</dd>
      <dt>Referrer gets</dt>
      <dd>{formatNumber(p.referrerReward.points)} points</dd>
      <dt>New member gets</dt>
      <dd>{formatNumber(p.refereeReward.points)} points</dd>
      <dt>Qualifying purchase</dt>
      <dd>
        at least {amount(p.qualifyingPurchase.minTotal)} {p.qualifyingPurchase.currency} within {p.qualifyingPurchase.withinDays} days of joining
      </dd>
      <dt>Cap per referrer</dt>
      <dd>{p.referrerCap ? `${p.referrerCap.limit} per ${p.referrerCap.period}` : 'none'}</dd>
    </dl>
  ),
  fields: [
    { path: ['enabled'], label: 'Referrals are on', kind: 'checkbox' },
    { path: ['referrerReward', 'points'], label: 'Points for the referrer', kind: 'number' },
    { path: ['refereeReward', 'points'], label: 'Points for the new member', kind: 'number' },
    { path: ['qualifyingPurchase', 'minTotal'], label: 'Qualifying purchase at least', kind: 'money' },
    { path: ['qualifyingPurchase', 'currency'], label: 'Currency', kind: 'text' },
    { path: ['qualifyingPurchase', 'withinDays'], label: 'Within days of joining', kind: 'number' },
  ],
  template: { enabled: true, referrerReward: { points: 500 }, refereeReward: { points: 300 }, qualifyingPurchase: { minTotal: 2000, currency: 'EUR', withinDays: 30 }, referrerCap: { limit: 20, period: 'year' } },
  save: (client, body, key) => send(client.PUT('/v1/program/referrals', { headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
};

type Reward = Schemas['Reward'];
const rewardFields = ['name', 'description', 'kind', 'pointsCost', 'valueMinor', 'currency', 'stock', 'perMemberLimit', 'tiers', 'active'] as const;

export const rewardsSpec: ResourceSpec<Reward> = {
  title: 'Rewards',
  noun: 'reward',
  intro: 'What members can redeem points for: products, vouchers, free shipping, gifts; with stock, per-member limits and tier restrictions.',
  // active=false lists every reward, the inactive ones with the rest (not the inactive ones alone).
  load: async (client) => (await send(client.GET('/v1/rewards', { params: { query: { active: 'false' } } }))).data,
  id: (r) => r.id,
  name: (r) => r.name,
  columns: [
    { label: 'Name', cell: (r) => r.name },
    { label: 'Kind', cell: (r) => r.kind },
    { label: 'Points', cell: (r) => formatNumber(r.pointsCost), number: true },
    { label: 'Issued', cell: (r) => formatNumber(r.issued), number: true },
    { label: 'Left', cell: (r) => (r.available === null ? 'unlimited' : formatNumber(r.available)), number: true },
    { label: 'Status', cell: (r) => (r.active ? 'active' : 'inactive') },
  ],
  fields: [
    { path: ['name'], label: 'Name', kind: 'text' },
    { path: ['kind'], label: 'Kind', kind: 'select', options: ['product', 'voucher', 'free_shipping', 'gift'] },
    { path: ['pointsCost'], label: 'Points cost', kind: 'number' },
    { path: ['stock'], label: 'Stock (empty = unlimited)', kind: 'number' },
    { path: ['perMemberLimit'], label: 'Per member (empty = no limit)', kind: 'number' },
    { path: ['active'], label: 'Can be redeemed', kind: 'checkbox' },
  ],
  template: { name: 'Free flat white', kind: 'product', pointsCost: 400, valueMinor: 380, currency: 'EUR', active: true },
  create: (client, body, key) => send(client.POST('/v1/rewards', { headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  edit: {
    body: (r) => Object.fromEntries(rewardFields.map((f) => [f, r[f]])) as JsonObject,
    save: (client, r, body, key) => send(client.PATCH('/v1/rewards/{id}', { params: { path: { id: r.id } }, headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  },
  actions: (r) => [
    r.active
      ? {
          label: 'Deactivate',
          confirm: `Stop members redeeming “${r.name}”? Codes already issued stay valid.`,
          run: (client, key) => send(client.PATCH('/v1/rewards/{id}', { params: { path: { id: r.id } }, headers: { 'Idempotency-Key': key }, body: { active: false } })),
        }
      : { label: 'Activate', run: (client, key) => send(client.PATCH('/v1/rewards/{id}', { params: { path: { id: r.id } }, headers: { 'Idempotency-Key': key }, body: { active: true } })) },
  ],
};

type Coupon = Schemas['Coupon'];
const discountOf = (c: Coupon) => (c.discount.type === 'percent' ? `${c.discount.percent}% off` : `${amount(c.discount.amount)} ${c.discount.currency} off`);

export const couponsSpec: ResourceSpec<Coupon> = {
  title: 'Coupons',
  noun: 'coupon',
  intro: 'Codes you import or generate: single or multi-use, per member, with a minimum order and dates. The 100 newest are listed.',
  load: async (client) => (await send(client.GET('/v1/coupons', { params: { query: { limit: 100 } } }))).data,
  id: (c) => c.id,
  name: (c) => c.code,
  columns: [
    { label: 'Code', cell: (c) => <code>{c.code}</code> },
    { label: 'Discount', cell: discountOf },
    { label: 'Used', cell: (c) => `${c.redemptions} of ${c.maxRedemptions ?? '∞'}`, number: true },
    { label: 'Min. order', cell: (c) => amount(c.minOrder), number: true },
    { label: 'Expires', cell: (c) => when(c.expiresAt) },
    { label: 'Campaign', cell: (c) => c.campaign ?? '—' },
  ],
  fields: [
    { path: ['codes'], label: 'Codes to import (comma separated)', kind: 'list', hint: 'Or remove “codes” and give “generate” in the JSON.' },
    { path: ['discount', 'type'], label: 'Discount type', kind: 'select', options: ['percent', 'amount'] },
    { path: ['discount', 'percent'], label: 'Percent off', kind: 'number', hint: 'For a percent discount.' },
    { path: ['discount', 'amount'], label: 'Amount off', kind: 'money', hint: 'For an amount discount, with its currency in the JSON.' },
    { path: ['minOrder'], label: 'Minimum order', kind: 'money' },
    { path: ['maxRedemptions'], label: 'Uses in total', kind: 'number', hint: '1 = single use.' },
    { path: ['expiresAt'], label: 'Expires (your local time)', kind: 'datetime' },
    { path: ['campaign'], label: 'Campaign', kind: 'text' },
  ],
  template: { codes: ['WELCOME-10'], discount: { type: 'percent', percent: 10 }, minOrder: 2000, maxRedemptions: 1, perMemberLimit: 1, campaign: 'welcome' },
  create: (client, body, key) => send(client.POST('/v1/coupons', { headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
};

type Draw = Schemas['Draw'];

export const drawsSpec: ResourceSpec<Draw> = {
  title: 'Draws',
  noun: 'draw',
  intro: 'Win-win campaigns: actions earn entries, everyone wins something. The seed hash is published at creation, the seed revealed at the draw.',
  load: async (client) => (await send(client.GET('/v1/draws', { params: { query: { limit: 100 } } }))).data,
  id: (d) => d.id,
  name: (d) => d.name,
  columns: [
    { label: 'Name', cell: (d) => d.name },
    { label: 'Status', cell: (d) => d.status },
    { label: 'Opens', cell: (d) => when(d.opensAt) },
    { label: 'Closes', cell: (d) => when(d.closesAt) },
    { label: 'Entrants', cell: (d) => (d.entrants === null ? '—' : formatNumber(d.entrants)), number: true },
    { label: 'Seed hash', cell: (d) => <code title={d.seedHash}>{d.seedHash.slice(0, 12)}…</code> },
  ],
  fields: [
    { path: ['name'], label: 'Name', kind: 'text' },
    { path: ['opensAt'], label: 'Opens (your local time)', kind: 'datetime' },
    { path: ['closesAt'], label: 'Closes (your local time)', kind: 'datetime' },
    { path: ['maxEntriesPerMember'], label: 'Entries per member at most', kind: 'number' },
  ],
  // A draw must close in the future: the example opens at the next midnight (UTC) for 30 days.
  get template() {
    const opens = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000);
    return {
      name: 'Win-win draw',
      opensAt: opens.toISOString(),
      closesAt: new Date(opens.getTime() + 30 * 86_400_000).toISOString(),
      prizes: [{ name: 'Grand prize', quantity: 1, award: { type: 'text', text: 'A weekend in Lisbon' } }],
      consolation: { name: 'Thank-you points', award: { type: 'points', points: 50 } },
    };
  },
  create: (client, body, key) => send(client.POST('/v1/draws', { headers: { 'Idempotency-Key': key }, body: bodyAs(body) })),
  actions: (d) =>
    d.status === 'closed'
      ? [
          {
            label: 'Run the draw',
            confirm: `Run “${d.name}” now? The seed is revealed and every prize awarded; this cannot be undone.`,
            run: (client, key) => send(client.POST('/v1/draws/{id}/draw', { params: { path: { id: d.id } }, headers: { 'Idempotency-Key': key } })),
          },
        ]
      : [],
};
