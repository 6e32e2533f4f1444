CREATE TABLE "clv_fits" (
	"id" serial PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"customers" integer NOT NULL,
	"params" jsonb NOT NULL,
	"fitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_scores" (
	"member_id" text PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"p_alive" double precision,
	"expected_purchases_90d" double precision,
	"expected_clv_365d" bigint,
	"loyalty_score" smallint NOT NULL,
	"loyalty_band" text NOT NULL,
	"loyalty_parts" jsonb NOT NULL,
	"scored_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "member_scores_band_idx" ON "member_scores" USING btree ("loyalty_band");