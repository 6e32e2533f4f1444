CREATE TABLE "non_member_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"currency" text NOT NULL,
	"total" bigint NOT NULL,
	"store_id" text,
	"staff_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "non_member_orders_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
-- INCLUDE, which drizzle cannot declare: a period's figures by store are read from the index alone.
CREATE INDEX "non_member_orders_occurred_idx" ON "non_member_orders" USING btree ("occurred_at") INCLUDE ("currency","total","store_id");