CREATE TABLE "drops" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"skus" text[] DEFAULT '{}' NOT NULL,
	"public_starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"early_access" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_codes" (
	"member_id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "referral_codes_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "referral_programs" (
	"version" integer PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" text PRIMARY KEY NOT NULL,
	"referrer_id" text NOT NULL,
	"referee_id" text NOT NULL,
	"code" text NOT NULL,
	"status" text NOT NULL,
	"terms" jsonb NOT NULL,
	"attributed_at" timestamp with time zone NOT NULL,
	"qualify_by" timestamp with time zone NOT NULL,
	"order_id" text,
	"completed_at" timestamp with time zone,
	"referrer_points" bigint DEFAULT 0 NOT NULL,
	"referee_points" bigint DEFAULT 0 NOT NULL,
	"referrer_entry_id" text,
	"referee_entry_id" text,
	"referrer_skipped" text,
	"reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "referrals_referee_unique" UNIQUE("referee_id"),
	CONSTRAINT "referrals_status_check" CHECK ("referrals"."status" in ('pending', 'completed', 'rejected', 'expired', 'reversed')),
	CONSTRAINT "referrals_not_self" CHECK ("referrals"."referrer_id" <> "referrals"."referee_id")
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payment_fingerprint" text;--> statement-breakpoint
CREATE INDEX "referrals_referrer_idx" ON "referrals" USING btree ("referrer_id","id");--> statement-breakpoint
CREATE INDEX "referrals_referrer_completed_idx" ON "referrals" USING btree ("referrer_id","completed_at");--> statement-breakpoint
CREATE INDEX "referrals_status_idx" ON "referrals" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "referrals_order_idx" ON "referrals" USING btree ("order_id") WHERE "referrals"."order_id" is not null;--> statement-breakpoint
CREATE INDEX "orders_payment_fingerprint_idx" ON "orders" USING btree ("payment_fingerprint","member_id") WHERE "orders"."payment_fingerprint" is not null;