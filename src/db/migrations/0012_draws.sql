CREATE TABLE "draw_campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"prizes" jsonb NOT NULL,
	"max_entries_per_member" integer,
	"seed" text NOT NULL,
	"seed_hash" text NOT NULL,
	"entries_hash" text,
	"entrants" integer,
	"tickets" bigint,
	"sealed_at" timestamp with time zone,
	"drawn_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "draw_campaigns_window_check" CHECK ("draw_campaigns"."closes_at" > "draw_campaigns"."opens_at")
);
--> statement-breakpoint
CREATE TABLE "draw_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"member_id" text NOT NULL,
	"entries" integer NOT NULL,
	"source" text NOT NULL,
	"source_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "draw_entries_positive" CHECK ("draw_entries"."entries" > 0),
	CONSTRAINT "draw_entries_source_check" CHECK ("draw_entries"."source" in ('order', 'event', 'manual', 'tier'))
);
--> statement-breakpoint
CREATE TABLE "draw_results" (
	"campaign_id" text NOT NULL,
	"member_id" text NOT NULL,
	"position" integer NOT NULL,
	"level" integer NOT NULL,
	"ledger_entry_id" text,
	"reward_code" text,
	"awarded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "draw_results_campaign_id_member_id_pk" PRIMARY KEY("campaign_id","member_id"),
	CONSTRAINT "draw_results_position_unique" UNIQUE("campaign_id","position")
);
--> statement-breakpoint
ALTER TABLE "reward_codes" ALTER COLUMN "entry_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "draw_entries" ADD CONSTRAINT "draw_entries_campaign_id_draw_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."draw_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_results" ADD CONSTRAINT "draw_results_campaign_id_draw_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."draw_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "draw_campaigns_unsealed_idx" ON "draw_campaigns" USING btree ("closes_at") WHERE "draw_campaigns"."sealed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "draw_entries_source_unique" ON "draw_entries" USING btree ("campaign_id","source","source_id") WHERE "draw_entries"."source" <> 'tier';--> statement-breakpoint
CREATE INDEX "draw_entries_campaign_idx" ON "draw_entries" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "draw_entries_member_idx" ON "draw_entries" USING btree ("member_id","id");