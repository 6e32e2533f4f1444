CREATE TABLE "reward_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"reward_id" text NOT NULL,
	"member_id" text NOT NULL,
	"code" text NOT NULL,
	"status" text NOT NULL,
	"entry_id" text NOT NULL,
	"reversal_entry_id" text,
	"issued_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "reward_codes_code_unique" UNIQUE("code"),
	CONSTRAINT "reward_codes_status_check" CHECK ("reward_codes"."status" in ('issued', 'used', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "rewards" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"kind" text NOT NULL,
	"points_cost" integer NOT NULL,
	"value_minor" bigint,
	"currency" text,
	"stock" integer,
	"issued" integer DEFAULT 0 NOT NULL,
	"per_member_limit" integer,
	"tiers" text[] DEFAULT '{}' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rewards_stock_holds" CHECK ("rewards"."stock" is null or "rewards"."issued" <= "rewards"."stock")
);
--> statement-breakpoint
ALTER TABLE "reward_codes" ADD CONSTRAINT "reward_codes_reward_id_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."rewards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reward_codes_member_idx" ON "reward_codes" USING btree ("member_id","issued_at");