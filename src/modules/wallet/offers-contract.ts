// What the wallet offers the member beyond the card: rewards to redeem, the referral link, early
// access to drops, surveys waiting for an answer and draw entries. Member-scoped: no member ids in.
import { z } from 'zod';
import { idOf } from '../../http/schemas.js';
import { DRAW_STATUSES } from '../draws/contract.js';

export const walletCode = z
  .object({
    code: z.string().meta({ description: 'single-use; shown as text and as a QR code at the till', example: 'K7Q2M9XHAB' }),
    rewardId: idOf('rwd'),
    rewardName: z.string(),
    pointsCost: z.number().int(),
    issuedAt: z.string(),
  })
  .meta({ id: 'WalletRewardCode' });

export const walletRewards = z
  .object({
    offers: z
      .array(
        z.object({
          id: idOf('rwd'),
          name: z.string(),
          description: z.string().nullable(),
          kind: z.enum(['product', 'voucher', 'free_shipping', 'gift']),
          pointsCost: z.number().int(),
          pointsShort: z.number().int().meta({ description: 'points still missing; 0 = can be redeemed now' }),
        }),
      )
      .meta({ description: 'Active rewards this member may take (in stock, their tier, under their limit), cheapest first.' }),
    codes: z.array(walletCode).meta({ description: 'The member’s codes not yet used, newest first.' }),
  })
  .meta({ id: 'WalletRewards' });
export type WalletRewards = z.infer<typeof walletRewards>;

export const walletRedeemParams = z.object({ id: idOf('rwd') });

export const walletReferral = z
  .object({
    code: z.string().meta({ example: 'K7Q2M9XH' }),
    link: z.string().meta({ example: 'https://loyalty.example/join?ref=K7Q2M9XH' }),
    rewards: z
      .object({ referrerPoints: z.number().int(), refereePoints: z.number().int() })
      .nullable()
      .meta({ description: 'What the member and their friend get; null when the referral program is off or not set up.' }),
  })
  .meta({ id: 'WalletReferral' });

export const walletDrops = z
  .object({
    data: z.array(
      z.object({
        id: idOf('drp'),
        name: z.string(),
        publicStartsAt: z.string(),
        endsAt: z.string().nullable(),
        from: z.string().meta({ description: 'when this member may buy' }),
        allowed: z.boolean().meta({ description: 'may buy now' }),
        early: z.boolean().meta({ description: 'the member’s tier opens it before everyone else' }),
      }),
    ),
  })
  .meta({ id: 'WalletDrops', description: 'Drops not yet ended, soonest first.' });

export const walletSurveys = z
  .object({
    data: z.array(
      z.object({
        invitationId: idOf('inv'),
        surveyName: z.string(),
        expiresAt: z.string(),
        url: z.string().meta({ description: 'the survey page `/s/<token>`, answered without signing in' }),
      }),
    ),
  })
  .meta({ id: 'WalletSurveys', description: 'Invitations the member can still answer, newest first.' });

export const walletDraws = z
  .object({
    data: z.array(
      z.object({
        drawId: idOf('drw'),
        name: z.string(),
        description: z.string().nullable(),
        status: z.enum(DRAW_STATUSES),
        closesAt: z.string(),
        entries: z.number().int(),
        prize: z.string().nullable().meta({ description: 'what the member won, once drawn' }),
        rewardCode: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'WalletDraws', description: 'Draws the member holds entries in, newest closing first.' });
