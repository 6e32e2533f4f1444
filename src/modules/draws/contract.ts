import { z } from 'zod';
import { idOf, pointsAmount, timestamp } from '../../http/schemas.js';

const prizeName = z.string().trim().min(1).max(200);

export const award = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('points'), points: pointsAmount.max(10_000_000) }).strict().meta({ description: 'granted through the ledger, available at once' }),
    z.object({ type: z.literal('reward'), rewardId: idOf('rwd') }).strict().meta({ description: 'a single-use code for a catalog reward, issued free (it uses the reward’s stock)' }),
    z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(500) }).strict().meta({ description: 'anything else, handed over by the merchant (a trip, a bike)' }),
  ])
  .meta({ id: 'DrawAward' });
export type Award = z.infer<typeof award>;

export const prizeLevel = z
  .object({ name: prizeName.meta({ example: 'Grand prize' }), quantity: z.number().int().min(1).max(10_000), award })
  .strict()
  .meta({ id: 'DrawPrizeLevel' });

export const consolationPrize = z
  .object({ name: prizeName.meta({ example: 'Thank-you points' }), award })
  .strict()
  .meta({ id: 'DrawConsolation', description: 'what every entrant who wins no bigger prize receives: the “win-win”' });

/** The prize table as stored: levels in the order they are drawn, then the consolation prize. */
export interface PrizeTable {
  prizes: z.infer<typeof prizeLevel>[];
  consolation: z.infer<typeof consolationPrize> | null;
}

export const createDrawBody = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Summer win-win draw' }),
    description: z.string().trim().max(2000).optional().meta({ example: 'Every coffee in July is an entry. Everyone wins something.' }),
    opensAt: timestamp.meta({ example: '2026-07-01T00:00:00Z' }),
    closesAt: timestamp.meta({ example: '2026-08-01T00:00:00Z', description: 'entries count until (not at) this instant' }),
    maxEntriesPerMember: z.number().int().min(1).max(1_000_000).optional(),
    prizes: z.array(prizeLevel).max(20).default([]).meta({
      description: 'prize levels, drawn in this order',
      example: [
        { name: 'Grand prize', quantity: 1, award: { type: 'text', text: 'A weekend in Lisbon' } },
        { name: 'Second prize', quantity: 10, award: { type: 'points', points: 5000 } },
      ],
    }),
    consolation: consolationPrize.optional().meta({ example: { name: 'Thank-you points', award: { type: 'points', points: 50 } } }),
  })
  .strict()
  .refine((d) => Date.parse(d.closesAt) > Date.parse(d.opensAt), { message: 'must be after opensAt', path: ['closesAt'] })
  .refine((d) => d.prizes.length > 0 || d.consolation !== undefined, { message: 'give at least one prize level or a consolation prize', path: ['prizes'] })
  .meta({ id: 'CreateDraw' });
export type CreateDrawInput = z.infer<typeof createDrawBody>;

export const DRAW_STATUSES = ['scheduled', 'open', 'closed', 'drawn'] as const;
export type DrawStatus = (typeof DRAW_STATUSES)[number];

export const draw = z
  .object({
    id: idOf('drw'),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(DRAW_STATUSES),
    opensAt: z.string(),
    closesAt: z.string(),
    maxEntriesPerMember: z.number().int().nullable(),
    prizes: z.array(prizeLevel),
    consolation: consolationPrize.nullable(),
    seedHash: z.string().meta({ description: 'sha256 (hex) of the secret seed, published from creation', example: '66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925' }),
    seed: z.string().nullable().meta({ description: 'the 32-byte seed (hex), revealed once drawn' }),
    entriesHash: z.string().nullable().meta({ description: 'sha256 (hex) of the canonical entry list, published when entries are sealed after the close' }),
    entrants: z.number().int().nullable(),
    tickets: z.number().int().nullable(),
    sealedAt: z.string().nullable(),
    drawnAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Draw' });
export type Draw = z.infer<typeof draw>;

export const drawIdParams = z.object({ id: idOf('drw') });

export const ENTRY_SOURCES = ['order', 'event', 'manual', 'tier'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

export const drawEntry = z
  .object({
    id: idOf('den'),
    campaignId: z.string(),
    memberId: z.string(),
    entries: z.number().int(),
    source: z.enum(ENTRY_SOURCES).meta({ description: 'an order or event by the rules, a manual grant, or the tier bonus added at sealing' }),
    sourceId: z.string().nullable().meta({ description: 'the order id, activity id or your grant reference' }),
    occurredAt: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'DrawEntry' });
export type DrawEntry = z.infer<typeof drawEntry>;

export const grantEntriesBody = z
  .object({
    memberId: idOf('mem'),
    entries: z.number().int().min(1).max(1000).meta({ example: 5 }),
    reference: z.string().trim().min(1).max(128).optional().meta({ description: 'your id for this grant: sending it again returns the first grant and grants nothing more', example: 'store-event-2026-07-12' }),
  })
  .strict()
  .meta({ id: 'GrantDrawEntries' });
export type GrantEntriesInput = z.infer<typeof grantEntriesBody>;

export const drawWinner = z
  .object({
    position: z.number().int(),
    memberId: z.string(),
    level: z.number().int().meta({ description: 'index into prizes; prizes.length is the consolation prize' }),
    prize: z.string(),
    award,
    ledgerEntryId: z.string().nullable(),
    rewardCode: z.string().nullable(),
  })
  .meta({ id: 'DrawWinner' });
export type DrawWinner = z.infer<typeof drawWinner>;

export const drawOutcome = z
  .object({ draw, winners: z.array(drawWinner).meta({ description: 'the prize-level winners; consolation awards are listed by GET …/results' }), consolations: z.number().int() })
  .meta({ id: 'DrawOutcome' });
export type DrawOutcome = z.infer<typeof drawOutcome>;

export const resultsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.coerce.number().int().min(0).optional().meta({ description: 'the last position of the previous page' }),
});

/** What `fidelis draws export` writes and `fidelis draws verify --file` reads: all a third party needs. */
export const drawExport = z
  .object({
    format: z.literal('fidelis-draw/v1'),
    draw: z.object({
      id: z.string(),
      name: z.string(),
      seedHash: z.string(),
      seed: z.string().regex(/^[0-9a-f]{64}$/, 'must be 32 bytes of hex'),
      entriesHash: z.string(),
      prizes: z.array(prizeLevel),
      consolation: consolationPrize.nullable(),
    }),
    entrants: z.array(z.object({ memberId: z.string(), tickets: z.number().int().min(1) })),
    results: z.array(z.object({ position: z.number().int(), memberId: z.string(), level: z.number().int() })),
  })
  .meta({ id: 'DrawExport' });
export type DrawExport = z.infer<typeof drawExport>;
