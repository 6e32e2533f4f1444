CREATE TABLE "member_order_stats" (
	"member_id" text NOT NULL,
	"currency" text NOT NULL,
	"orders" integer NOT NULL,
	"spend" bigint NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"discount" bigint NOT NULL,
	"full_price_spend" bigint NOT NULL,
	"first_order_at" timestamp with time zone NOT NULL,
	"last_order_at" timestamp with time zone NOT NULL,
	CONSTRAINT "member_order_stats_member_id_currency_pk" PRIMARY KEY("member_id","currency")
);
--> statement-breakpoint
CREATE TABLE "member_product_stats" (
	"member_id" text NOT NULL,
	"category" text NOT NULL,
	"brand" text NOT NULL,
	"purchases" integer NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "member_product_stats_member_id_category_brand_pk" PRIMARY KEY("member_id","category","brand")
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "brand" text;--> statement-breakpoint
CREATE INDEX "member_order_stats_last_idx" ON "member_order_stats" USING btree ("last_order_at");--> statement-breakpoint
-- Backfill from the orders and refunds already recorded; from here on every order and refund keeps them.
INSERT INTO "member_order_stats" ("member_id", "currency", "orders", "spend", "refunded", "discount", "full_price_spend", "first_order_at", "last_order_at")
SELECT o.member_id, o.currency, count(*)::int, sum(o.total) - coalesce(sum(r.refunded), 0), coalesce(sum(r.refunded), 0),
  coalesce(sum(l.discount), 0), coalesce(sum(l.full_price), 0) - coalesce(sum(r.full_price_refunded), 0), min(o.occurred_at), max(o.occurred_at)
FROM orders o
LEFT JOIN (SELECT order_id, sum(discount) AS discount, sum(amount) FILTER (WHERE discount = 0) AS full_price FROM order_lines GROUP BY order_id) l ON l.order_id = o.id
LEFT JOIN (SELECT f.order_id, sum(rl.amount) AS refunded, sum(rl.amount) FILTER (WHERE ol.discount = 0) AS full_price_refunded
  FROM refunds f JOIN refund_lines rl ON rl.refund_id = f.id JOIN order_lines ol ON ol.order_id = f.order_id AND ol.line_id = rl.line_id
  GROUP BY f.order_id) r ON r.order_id = o.id
GROUP BY o.member_id, o.currency;
--> statement-breakpoint
INSERT INTO "member_product_stats" ("member_id", "category", "brand", "purchases", "quantity")
SELECT member_id, coalesce(category, ''), '', count(*)::int, sum(quantity - refunded_quantity)::int
FROM order_lines WHERE category IS NOT NULL GROUP BY member_id, coalesce(category, '');
