import { z } from 'zod';
import { idOf, pageQuery, timestamp } from '../../http/schemas.js';

/**
 * One earlier start for an audience. Today the audience is a tier (and every tier above it); segments
 * will join as a second kind of window beside `tier`.
 */
export const earlyAccessWindow = z
  .object({
    tier: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a tier id').meta({ description: 'this tier and every tier above it in the ladder', example: 'gold' }),
    startsAt: timestamp.meta({ description: 'before publicStartsAt', example: '2026-12-01T09:00:00Z' }),
  })
  .strict();

export const dropBody = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Winter jacket drop' }),
    skus: z.array(z.string().min(1).max(128)).max(1000).default([]).meta({ description: 'the products in the drop (informational)' }),
    publicStartsAt: timestamp.meta({ description: 'when everyone may buy', example: '2026-12-03T09:00:00Z' }),
    endsAt: timestamp.nullable().default(null).meta({ description: 'when nobody may buy any more; null = open-ended' }),
    earlyAccess: z.array(earlyAccessWindow).max(20).default([]),
  })
  .strict()
  .superRefine((drop, ctx) => {
    const publicStart = Date.parse(drop.publicStartsAt);
    if (drop.endsAt !== null && Date.parse(drop.endsAt) <= publicStart) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after publicStartsAt' });
    drop.earlyAccess.forEach((w, i) => {
      if (Date.parse(w.startsAt) >= publicStart) ctx.addIssue({ code: 'custom', path: ['earlyAccess', i, 'startsAt'], message: 'must be before publicStartsAt' });
      if (drop.earlyAccess.findIndex((o) => o.tier === w.tier) !== i) ctx.addIssue({ code: 'custom', path: ['earlyAccess', i, 'tier'], message: `duplicate tier ${w.tier}` });
    });
  })
  .meta({
    id: 'DropDefinition',
    example: {
      name: 'Winter jacket drop',
      skus: ['JKT-W26'],
      publicStartsAt: '2026-12-03T09:00:00Z',
      endsAt: null,
      earlyAccess: [{ tier: 'gold', startsAt: '2026-12-01T09:00:00Z' }],
    },
  });
export type DropInput = z.infer<typeof dropBody>;

export const drop = z
  .object({
    id: idOf('drp'),
    name: z.string(),
    skus: z.array(z.string()),
    publicStartsAt: z.string(),
    endsAt: z.string().nullable(),
    earlyAccess: z.array(z.object({ tier: z.string(), startsAt: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Drop' });
export type Drop = z.infer<typeof drop>;

export const dropIdParams = z.object({ id: idOf('drp') });
export const memberDropParams = z.object({ id: idOf('mem'), drop: idOf('drp') });
export const listDropsQuery = pageQuery.extend({ cursor: idOf('drp').optional() });

export const dropAccess = z
  .object({
    memberId: z.string(),
    dropId: z.string(),
    tier: z.string().nullable().meta({ description: 'the member’s tier the decision used' }),
    allowed: z.boolean().meta({ description: 'whether the member may buy now' }),
    from: z.string().meta({ description: 'when this member may buy from' }),
    until: z.string().nullable(),
    reason: z.string().meta({ example: 'Gold members shop from 2026-12-01 09:00 UTC, 2 days before everyone.' }),
  })
  .meta({ id: 'DropAccess' });
export type DropAccess = z.infer<typeof dropAccess>;
