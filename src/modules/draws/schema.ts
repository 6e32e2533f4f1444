import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Win-win draws. The seed is drawn at creation and kept secret until the draw; its sha256 is
 * published from the start (commit-reveal). `entries_hash` commits the entry list when it is sealed,
 * after the close; `drawn_at` is set once, in the transaction that stores the results.
 */
export const drawCampaigns = pgTable(
  'draw_campaigns',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    opensAt: at('opens_at').notNull(),
    closesAt: at('closes_at').notNull(),
    /** The prize table: ordered levels plus the optional consolation prize (see contract.ts). */
    prizes: jsonb('prizes').notNull(),
    maxEntriesPerMember: integer('max_entries_per_member'),
    seed: text('seed').notNull(),
    seedHash: text('seed_hash').notNull(),
    entriesHash: text('entries_hash'),
    entrants: integer('entrants'),
    tickets: bigint('tickets', { mode: 'number' }),
    sealedAt: at('sealed_at'),
    drawnAt: at('drawn_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    check('draw_campaigns_window_check', sql`${t.closesAt} > ${t.opensAt}`),
    index('draw_campaigns_unsealed_idx').on(t.closesAt).where(sql`${t.sealedAt} is null`),
  ],
);

/**
 * Entries as earned, append-only: one row per campaign and source (an order, an event, a manual
 * grant's reference). The unique source key makes retries grant nothing twice. Tier bonus rows
 * (source `tier`, source_id the tier) are added once, when the campaign is sealed under its lock.
 */
export const drawEntries = pgTable(
  'draw_entries',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => drawCampaigns.id),
    memberId: text('member_id').notNull(),
    entries: integer('entries').notNull(),
    source: text('source').notNull(),
    sourceId: text('source_id'),
    occurredAt: at('occurred_at').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('draw_entries_source_unique').on(t.campaignId, t.source, t.sourceId).where(sql`${t.source} <> 'tier'`),
    index('draw_entries_campaign_idx').on(t.campaignId, t.id),
    index('draw_entries_member_idx').on(t.memberId, t.id),
    check('draw_entries_positive', sql`${t.entries} > 0`),
    check('draw_entries_source_check', sql`${t.source} in ('order', 'event', 'manual', 'tier')`),
  ],
);

/** One prize per entrant at most: the primary key is the proof; `position` is the order of the draw. */
export const drawResults = pgTable(
  'draw_results',
  {
    campaignId: text('campaign_id')
      .notNull()
      .references(() => drawCampaigns.id),
    memberId: text('member_id').notNull(),
    position: integer('position').notNull(),
    /** Index into the prize table's levels; the number of levels means the consolation prize. */
    level: integer('level').notNull(),
    ledgerEntryId: text('ledger_entry_id'),
    rewardCode: text('reward_code'),
    awardedAt: at('awarded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.memberId] }), unique('draw_results_position_unique').on(t.campaignId, t.position)],
);
