// Everything the Member 360 shows, fetched in parallel and rendered at once: sections that filled in one
// by one would push each other down the page as they arrived.
import { unwrap, type ApiClient } from '../api/client.ts';
import type { components } from '../api/schema';

export type LedgerEntry = components['schemas']['LedgerEntry'];
export type MemberOrder = components['schemas']['MemberOrder'];
export type FeedbackResponse = components['schemas']['FeedbackResponse'];
export type Contact = components['schemas']['Contact'];
export type MemberScores = components['schemas']['MemberScores'];
export type Coupon = components['schemas']['Coupon'];

const PAGE = 25;

export const memberPages = {
  ledger: async (client: ApiClient, id: string, cursor?: string, limit = PAGE) =>
    unwrap(await client.GET('/v1/members/{id}/ledger', { params: { path: { id }, query: { limit, ...(cursor ? { cursor } : {}) } } })),
  orders: async (client: ApiClient, id: string, cursor?: string, limit = PAGE) =>
    unwrap(await client.GET('/v1/members/{id}/orders', { params: { path: { id }, query: { limit, ...(cursor ? { cursor } : {}) } } })),
  feedback: async (client: ApiClient, id: string, cursor?: string, limit = PAGE) =>
    unwrap(await client.GET('/v1/feedback/responses', { params: { query: { memberId: id, limit, ...(cursor ? { cursor } : {}) } } })),
  contacts: async (client: ApiClient, id: string, cursor?: string, limit = PAGE) =>
    unwrap(await client.GET('/v1/members/{id}/contacts', { params: { path: { id }, query: { limit, ...(cursor ? { cursor } : {}) } } })),
  coupons: async (client: ApiClient, id: string, cursor?: string, limit = PAGE) =>
    unwrap(await client.GET('/v1/coupons', { params: { query: { memberId: id, limit, ...(cursor ? { cursor } : {}) } } })),
};

export async function loadMember360(client: ApiClient, id: string) {
  const path = { params: { path: { id } } };
  const [member, balance, notes, tier, scores, rewards, followUps, ledger, orders, feedback, contacts, coupons] = await Promise.all([
    client.GET('/v1/members/{id}', path).then(unwrap),
    client.GET('/v1/members/{id}/balance', path).then(unwrap),
    client.GET('/v1/members/{id}/notes', path).then(unwrap),
    // Without a tier ladder the program has no tiers: that is a 404 here, not an error to show.
    client.GET('/v1/members/{id}/tier', path).then((result) => (result.response.ok ? unwrap(result) : null)),
    client.GET('/v1/members/{id}/scores', path).then(unwrap),
    client.GET('/v1/members/{id}/rewards', path).then(unwrap),
    client.GET('/v1/feedback/follow-ups', { params: { query: { memberId: id, limit: 200 } } }).then(unwrap),
    memberPages.ledger(client, id),
    memberPages.orders(client, id),
    memberPages.feedback(client, id),
    memberPages.contacts(client, id),
    memberPages.coupons(client, id),
  ]);
  return {
    member,
    balance,
    notes: notes.data,
    tier,
    scores,
    rewards: rewards.data,
    followUps: followUps.data,
    ledger,
    orders,
    feedback,
    contacts,
    coupons,
  };
}

export type Member360Data = Awaited<ReturnType<typeof loadMember360>>;
