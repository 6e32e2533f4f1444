CREATE TABLE "member_activities" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"member_id" text NOT NULL,
	"type" text NOT NULL,
	"properties" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"entry_id" text,
	"evaluation" jsonb,
	CONSTRAINT "member_activities_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "member_tier_history" (
	"id" text PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"from_tier" text,
	"to_tier" text NOT NULL,
	"reason" text NOT NULL,
	"measure" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_tiers" (
	"member_id" text PRIMARY KEY NOT NULL,
	"tier_id" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"review_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_rules" (
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "program_rules_id_version_pk" PRIMARY KEY("id","version"),
	CONSTRAINT "program_rules_status_check" CHECK ("program_rules"."status" in ('active', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "rule_usage" (
	"rule_id" text NOT NULL,
	"member_id" text NOT NULL,
	"day" date NOT NULL,
	"points" integer NOT NULL,
	CONSTRAINT "rule_usage_rule_id_member_id_day_pk" PRIMARY KEY("rule_id","member_id","day")
);
--> statement-breakpoint
CREATE TABLE "tier_ladders" (
	"version" integer PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "member_activities_member_idx" ON "member_activities" USING btree ("member_id","occurred_at");--> statement-breakpoint
CREATE INDEX "member_tier_history_member_idx" ON "member_tier_history" USING btree ("member_id","at");--> statement-breakpoint
CREATE INDEX "program_rules_active_idx" ON "program_rules" USING btree ("status") WHERE "program_rules"."status" = 'active';--> statement-breakpoint
CREATE INDEX "rule_usage_rule_idx" ON "rule_usage" USING btree ("rule_id");