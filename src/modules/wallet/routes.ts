// The member's own wallet: staff hand out a magic link, the wallet reads with the token it carries.
import type { App } from '../../http/context.js';
import { memberIdParams, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { DEFAULT_LINK_MINUTES, walletLink, walletLinkBody, walletMe } from './contract.js';
import { redeemForMember, walletDraws, walletDrops, walletReferral, walletRewards, walletSurveys } from './offers.js';
import { walletCode, walletDraws as walletDrawsSchema, walletDrops as walletDropsSchema, walletRedeemParams, walletReferral as walletReferralSchema, walletRewards as walletRewardsSchema, walletSurveys as walletSurveysSchema } from './offers-contract.js';
import { createWalletLink, walletOverview } from './service.js';

const tags = ['wallet'];

export async function walletRoutes(app: App): Promise<void> {
  const { db, clock, config, rules } = app.fidelis;

  app.post('/v1/members/:id/wallet-link', {
    config: { roles: ['admin', 'staff'] },
    schema: {
      tags,
      summary: 'A sign-in link to the member’s wallet',
      description:
        'A signed, short-lived magic link `/wallet#token=…` to send or show as a QR code at the till. The token is the member’s ' +
        'credential for the `/v1/wallet` routes until it expires. Nothing is stored, so no Idempotency-Key is needed: ' +
        'each call signs a fresh link.',
      params: memberIdParams,
      body: walletLinkBody,
      response: { 200: walletLink, ...problems },
    },
    handler: (request) => createWalletLink(db, config, request.params.id, request.body?.ttlMinutes ?? DEFAULT_LINK_MINUTES, clock()),
  });

  app.get('/v1/wallet/me', {
    config: { memberToken: true },
    schema: {
      tags,
      summary: 'The member’s wallet: card, balance, expiring points, tier progress, history',
      description:
        'Authenticated by the member’s wallet token (`Authorization: Bearer <token>` from a wallet link), never by an API key. ' +
        '401 wallet_token_invalid / wallet_token_expired when the link is not genuine or too old.',
      security: [{ walletToken: [] }],
      response: { 200: walletMe, ...problems },
    },
    handler: (request) => walletOverview(db, request.walletMemberId, clock()),
  });

  // Every route below reads or acts for the token's member only: no route takes a member id.
  const member = { config: { memberToken: true as const }, security: [{ walletToken: [] }] };

  app.get('/v1/wallet/rewards', {
    config: member.config,
    schema: {
      tags,
      summary: 'Rewards the member can redeem, and their unused codes',
      description: 'Only rewards this member may take now (active, in stock, their tier, under their limit), each with the points still missing.',
      security: member.security,
      response: { 200: walletRewardsSchema, ...problems },
    },
    handler: (request) => walletRewards(db, request.walletMemberId, clock()),
  });

  app.post('/v1/wallet/rewards/:id/redeem', {
    config: member.config,
    schema: {
      tags,
      summary: 'Redeem the member’s points for a reward: a single-use code',
      description:
        'Spends the points (soonest-expiring first, never overdrawn) and issues the code, in one transaction. 422 points_insufficient, ' +
        'reward_out_of_stock, reward_member_limit, reward_tier_restricted or reward_inactive; 404 reward_not_found. Honours Idempotency-Key ' +
        '(scoped to the member).',
      security: member.security,
      params: walletRedeemParams,
      response: { 201: walletCode, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => redeemForMember(tx, request.walletMemberId, request.params.id, clock())),
  });

  app.get('/v1/wallet/referral', {
    config: member.config,
    schema: {
      tags,
      summary: 'The member’s referral code and link to share, and what it earns',
      description: 'The code is made on first request and stays the same.',
      security: member.security,
      response: { 200: walletReferralSchema, ...problems },
    },
    handler: (request) => walletReferral(db, config, request.walletMemberId, clock()),
  });

  app.get('/v1/wallet/drops', {
    config: member.config,
    schema: {
      tags,
      summary: 'Product drops not yet ended, with when this member may buy',
      description: '`early` when the member’s tier opens the drop before everyone else.',
      security: member.security,
      response: { 200: walletDropsSchema, ...problems },
    },
    handler: async (request) => walletDrops(db, await rules.ladder(), request.walletMemberId, clock()),
  });

  app.get('/v1/wallet/surveys', {
    config: member.config,
    schema: {
      tags,
      summary: 'Surveys waiting for the member’s answer',
      description: 'Each links to its survey page `/s/<token>`.',
      security: member.security,
      response: { 200: walletSurveysSchema, ...problems },
    },
    handler: (request) => walletSurveys(db, config, request.walletMemberId, clock()),
  });

  app.get('/v1/wallet/draws', {
    config: member.config,
    schema: {
      tags,
      summary: 'The member’s draw entries, per draw, and what they won',
      security: member.security,
      response: { 200: walletDrawsSchema, ...problems },
    },
    handler: (request) => walletDraws(db, request.walletMemberId, clock()),
  });
}
