CREATE INDEX "member_order_stats_first_idx" ON "member_order_stats" USING btree ("currency","first_order_at");--> statement-breakpoint
DROP INDEX IF EXISTS "orders_occurred_idx";--> statement-breakpoint
CREATE INDEX "orders_occurred_idx" ON "orders" USING btree ("occurred_at","id") INCLUDE ("member_id","currency","total","store_id");
